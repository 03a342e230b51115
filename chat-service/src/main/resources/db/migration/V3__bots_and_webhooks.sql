-- Issue 22 (bots and integrations), part HOOKS. docs/webhooks.md.

-- The users projection knows bots and their owners (auth.users' UserProfile.bot / ownerId): webhooks post as a bot
-- its creator owns, subscriptions and slash commands belong to a bot.
ALTER TABLE users ADD COLUMN bot boolean NOT NULL DEFAULT false;
ALTER TABLE users ADD COLUMN owner_id uuid;
CREATE INDEX users_bots_by_owner ON users (owner_id) WHERE bot;

-- A message posted by an integration (BotPoster) carries extra view fields, merged into its message view as they
-- are: a webhook's post has {"webhook": {"id", "displayName"}}. Null for a person's send.
ALTER TABLE messages ADD COLUMN extras jsonb;
-- BotPoster's idempotency keys are namespaced, "hook:<webhook id>:<key up to 64>"; a client's clientMsgId stays
-- at most 64 (FieldRules). Widening a varchar is a catalog change in PostgreSQL, no table rewrite.
ALTER TABLE messages ALTER COLUMN client_msg_id TYPE varchar(128);

-- Incoming webhooks: POST /api/hooks/{id}/{secret} posts to channel_id as bot_id. Only the SHA-256 of the secret is
-- kept; a deleted webhook's row is gone (its messages keep extras.webhook.id).
CREATE TABLE webhooks (
    id           uuid         PRIMARY KEY,
    channel_id   uuid         NOT NULL REFERENCES channels (id),
    bot_id       uuid         NOT NULL,
    name         varchar(80)  NOT NULL,
    secret_hash  bytea        NOT NULL,
    created_by   uuid         NOT NULL,
    created_at   timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX webhooks_by_channel ON webhooks (channel_id, created_at);
