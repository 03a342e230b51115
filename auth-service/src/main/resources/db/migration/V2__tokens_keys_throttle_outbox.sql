-- Refresh tokens: only a SHA-256 of the token is stored. A token that was exchanged keeps its row (rotated_at set)
-- until it expires, so presenting it again is recognised as reuse and revokes its whole family.
CREATE TABLE refresh_tokens (
    token_hash  bytea       PRIMARY KEY,
    family_id   uuid        NOT NULL,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    rotated_at  timestamptz,
    revoked_at  timestamptz
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_live_by_user ON refresh_tokens (user_id) WHERE revoked_at IS NULL;
CREATE INDEX refresh_tokens_expiry ON refresh_tokens (expires_at);

-- Generated signing keys (used when no PEM key pair is configured). A key signs from activates_at until the next
-- key activates, and stays published in the JWKS until the last token it signed has expired.
CREATE TABLE signing_keys (
    kid          text        PRIMARY KEY,
    public_key   bytea       NOT NULL,
    private_key  bytea       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    activates_at timestamptz NOT NULL
);

-- Failed logins (and attempts in flight), for throttling that holds across auth-service instances.
CREATE TABLE login_failures (
    id           bigserial   PRIMARY KEY,
    username_key text        NOT NULL,
    client_ip    text        NOT NULL,
    failed_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_by_username ON login_failures (username_key, failed_at);
CREATE INDEX login_failures_by_ip ON login_failures (client_ip, failed_at);

-- Transactional outbox of auth.users records: written in the transaction that changes the user, relayed to Kafka
-- in id order.
CREATE TABLE user_outbox (
    id           bigserial   PRIMARY KEY,
    user_id      uuid        NOT NULL,
    type         text        NOT NULL,
    payload      text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX user_outbox_unpublished ON user_outbox (id) WHERE published_at IS NULL;

-- Directory look-up by username prefix.
CREATE INDEX users_username_lower_prefix ON users (lower(username) text_pattern_ops);
