-- Bot accounts (docs/bots.md): a bot is a user with bot = true and the user who created it as owner_id. It has no
-- password (password_hash NULL, so password login never matches it) and roles {user,bot}.
ALTER TABLE users ADD COLUMN bot boolean NOT NULL DEFAULT false;
ALTER TABLE users ADD COLUMN owner_id uuid REFERENCES users (id);
-- A deleted bot keeps its row (banned, name taken) so that its auth.users record stays a ban, never a tombstone.
ALTER TABLE users ADD COLUMN deleted_at timestamptz;
-- Access tokens issued (iat) before this are refused (a bot token rotated or revoked, the bot disabled or deleted).
ALTER TABLE users ADD COLUMN tokens_not_before timestamptz;
CREATE INDEX users_bots_by_owner ON users (owner_id) WHERE bot;

-- The one live token of each bot: only its SHA-256 is stored; the token itself is shown once.
CREATE TABLE bot_tokens (
    token_hash bytea       PRIMARY KEY,
    bot_id     uuid        NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now()
);
