-- Slash commands (issue 22): a bot member of a channel registers /name there; a send of "/name args" becomes an
-- invocation for that bot instead of a message.
CREATE TABLE slash_commands (
    channel_id   uuid         NOT NULL REFERENCES channels (id),
    name         varchar(32)  NOT NULL,
    bot_id       uuid         NOT NULL,
    description  varchar(200) NOT NULL,
    usage        varchar(100) NOT NULL DEFAULT '',
    created_at   timestamptz  NOT NULL DEFAULT now(),
    updated_at   timestamptz  NOT NULL DEFAULT now(),
    -- one bot per name and channel; the name is stored lower-case
    PRIMARY KEY (channel_id, name)
);
CREATE INDEX slash_commands_by_bot ON slash_commands (bot_id);

-- One row per invocation: the send that became it (idempotent per caller and clientMsgId, like a message) and the
-- bot's one answer (responded_at; a public answer's message once it is posted).
CREATE TABLE slash_invocations (
    id             uuid         PRIMARY KEY,
    channel_id     uuid         NOT NULL REFERENCES channels (id),
    command        varchar(32)  NOT NULL,
    bot_id         uuid         NOT NULL,
    user_id        uuid         NOT NULL,
    client_msg_id  varchar(64)  NOT NULL,
    args           text         NOT NULL,
    created_at     timestamptz  NOT NULL DEFAULT now(),
    responded_at   timestamptz,
    ephemeral      boolean,
    response_text  text,
    message_id     uuid,
    -- a retried send of the same command finds its invocation
    UNIQUE (user_id, client_msg_id)
);
-- the purge of old invocations
CREATE INDEX slash_invocations_by_age ON slash_invocations (created_at);
