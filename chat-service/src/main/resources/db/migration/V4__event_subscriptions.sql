-- Issue 22 (bots and integrations), part SUBS: outgoing event subscriptions. docs/subscriptions.md.

-- A bot's subscription: chat.events of the channels the bot is a member of, POSTed to url, signed with secret.
-- The secret is kept as it is (it signs every delivery, so a hash would not do): docs/security.md.
CREATE TABLE subscriptions (
    id                    uuid          PRIMARY KEY,
    bot_id                uuid          NOT NULL,
    url                   varchar(2048) NOT NULL,
    events                text[]        NOT NULL,
    -- null: every channel the bot is a member of
    channel_ids           uuid[],
    secret                text          NOT NULL,
    created_by            uuid          NOT NULL,
    created_at            timestamptz   NOT NULL DEFAULT now(),
    active                boolean       NOT NULL DEFAULT true,
    disabled_reason       text,
    disabled_at           timestamptz,
    -- failed attempts since the last success, any channel: repeated failure disables the subscription
    consecutive_failures  integer       NOT NULL DEFAULT 0
);
CREATE INDEX subscriptions_by_bot ON subscriptions (bot_id, created_at);

-- One row per event to deliver to one subscription, written by the chat.events consumer before it commits the
-- offset (a redelivered record meets the unique key and adds nothing); body is the exact JSON POSTed and signed.
-- A lane (subscription, channel) is delivered strictly in (seq, ordinal) order: ordinal 1 is the mention of the
-- bot that a message.created of the same seq carries.
CREATE TABLE deliveries (
    id               uuid         PRIMARY KEY,
    subscription_id  uuid         NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    channel_id       uuid         NOT NULL,
    seq              bigint       NOT NULL,
    ordinal          smallint     NOT NULL,
    event            varchar(32)  NOT NULL,
    body             text         NOT NULL,
    status           varchar(16)  NOT NULL CHECK (status IN ('pending', 'delivered')),
    attempts         integer      NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz  NOT NULL DEFAULT now(),
    -- an instance working on the lane's head holds it until then (another instance takes over after a crash)
    lease_until      timestamptz,
    last_status      integer,
    last_error       text,
    created_at       timestamptz  NOT NULL DEFAULT now(),
    delivered_at     timestamptz,
    UNIQUE (subscription_id, channel_id, seq, ordinal)
);
-- the dispatcher looks only at what is left to deliver, lane by lane in order
CREATE INDEX deliveries_pending ON deliveries (subscription_id, channel_id, seq, ordinal) WHERE status = 'pending';
-- the delivery log, newest first
CREATE INDEX deliveries_log ON deliveries (subscription_id, created_at DESC);

-- "Was the bot a member of the channel at seq s": the last member.joined/left of that user before s. Membership
-- events are few next to messages, so this partial index stays small.
CREATE INDEX channel_events_membership ON channel_events (channel_id, (payload ->> 'userId'), seq)
    WHERE type IN ('member.joined', 'member.left');
