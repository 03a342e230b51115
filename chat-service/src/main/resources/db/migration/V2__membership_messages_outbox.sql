-- A DM is one channel per pair of users: dm_key is "<smaller uuid>:<larger uuid>", unique, so opening it is idempotent.
ALTER TABLE channels ADD COLUMN dm_key varchar(80) UNIQUE;
-- discovery of public channels by name
CREATE INDEX channels_public_by_name ON channels (lower(name)) WHERE visibility = 'public' AND type = 'channel';

-- Projection of auth.users: names for member lists and @mentions.
CREATE TABLE users (
    id            uuid PRIMARY KEY,
    username      text         NOT NULL,
    display_name  text         NOT NULL,
    banned        boolean      NOT NULL DEFAULT false
);
CREATE INDEX users_by_lower_username ON users (lower(username));

-- Projection of media.events: the files an attachment may name.
CREATE TABLE files (
    id            uuid PRIMARY KEY,
    owner_id      uuid         NOT NULL,
    name          text         NOT NULL,
    size          bigint       NOT NULL,
    content_type  text         NOT NULL,
    deleted       boolean      NOT NULL DEFAULT false
);

CREATE TABLE members (
    channel_id  uuid        NOT NULL REFERENCES channels (id),
    user_id     uuid        NOT NULL,
    role        varchar(16) NOT NULL CHECK (role IN ('owner', 'moderator', 'member')),
    -- the highest seq this member has read; starts at the seq of their own member.joined
    read_seq    bigint      NOT NULL DEFAULT 0,
    joined_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (channel_id, user_id)
);
-- "my channels" and search restricted to the caller's channels
CREATE INDEX members_by_user ON members (user_id, channel_id);

CREATE TABLE messages (
    id             uuid         PRIMARY KEY,
    channel_id     uuid         NOT NULL REFERENCES channels (id),
    seq            bigint       NOT NULL,
    sender_id      uuid         NOT NULL,
    client_msg_id  varchar(64)  NOT NULL,
    text           text         NOT NULL,
    reply_to       uuid         REFERENCES messages (id),
    created_at     timestamptz  NOT NULL,
    edited_at      timestamptz,
    deleted        boolean      NOT NULL DEFAULT false,
    search         tsvector     GENERATED ALWAYS AS (to_tsvector('english', text)) STORED,
    -- history pages and unread counts walk (channel_id, seq)
    UNIQUE (channel_id, seq),
    -- idempotent send: a retried clientMsgId finds the first message
    UNIQUE (sender_id, client_msg_id)
);
CREATE INDEX messages_search ON messages USING gin (search);

CREATE TABLE reactions (
    message_id  uuid        NOT NULL REFERENCES messages (id),
    emoji       varchar(64) NOT NULL,
    user_id     uuid        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (message_id, emoji, user_id)
);

CREATE TABLE attachments (
    message_id  uuid     NOT NULL REFERENCES messages (id),
    file_id     uuid     NOT NULL,
    position    smallint NOT NULL,
    PRIMARY KEY (message_id, file_id)
);
CREATE INDEX attachments_by_file ON attachments (file_id);

-- The channel event log and transactional outbox: written in the transaction of its change, relayed in seq order.
CREATE TABLE channel_events (
    channel_id  uuid         NOT NULL REFERENCES channels (id),
    seq         bigint       NOT NULL,
    type        varchar(32)  NOT NULL,
    payload     jsonb        NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    published   boolean      NOT NULL DEFAULT false,
    PRIMARY KEY (channel_id, seq)
);
-- the relay only ever looks for what is left to publish
CREATE INDEX channel_events_unpublished ON channel_events (channel_id, seq) WHERE NOT published;

-- Outbox of user events (channel.joined/left, mention, read.updated): same relay, no seq.
CREATE TABLE user_events_outbox (
    id          bigserial    PRIMARY KEY,
    user_id     uuid         NOT NULL,
    type        varchar(32)  NOT NULL,
    payload     jsonb        NOT NULL,
    published   boolean      NOT NULL DEFAULT false
);
CREATE INDEX user_events_unpublished ON user_events_outbox (id) WHERE NOT published;

-- Commands already applied (Kafka envelope id) with their reply: a redelivered command changes nothing twice.
CREATE TABLE processed_commands (
    command_id    varchar(64)  PRIMARY KEY,
    reply         jsonb        NOT NULL,
    processed_at  timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX processed_commands_by_age ON processed_commands (processed_at);
