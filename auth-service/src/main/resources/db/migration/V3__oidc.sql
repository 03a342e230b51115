-- Sign-in through external OpenID Connect providers (docs/auth.md).

-- An account made by a provider has no password: password login never matches it.
ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;

-- The link of a Parley user to a provider's subject: (provider, sub) never changes, unlike email or username.
CREATE TABLE oidc_identities (
    provider   text        NOT NULL,
    subject    text        NOT NULL,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_login timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, subject)
);
CREATE INDEX oidc_identities_by_user ON oidc_identities (user_id);

-- Sign-ins in flight: state (stored as SHA-256), nonce and PKCE verifier, single-use and short-lived.
CREATE TABLE oidc_logins (
    state_hash    bytea       PRIMARY KEY,
    provider      text        NOT NULL,
    nonce         text        NOT NULL,
    code_verifier text        NOT NULL,
    expires_at    timestamptz NOT NULL
);
CREATE INDEX oidc_logins_expiry ON oidc_logins (expires_at);

-- One-time codes (stored as SHA-256) the web page trades for tokens after a sign-in, so no token is in a URL.
CREATE TABLE oidc_handoffs (
    code_hash  bytea       PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL
);
CREATE INDEX oidc_handoffs_expiry ON oidc_handoffs (expires_at);

-- The provider's session id (sid) of each sign-in, for back-channel logout tokens that name a session, not a sub.
CREATE TABLE oidc_sessions (
    provider   text        NOT NULL,
    sid        text        NOT NULL,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (provider, sid, user_id)
);
CREATE INDEX oidc_sessions_expiry ON oidc_sessions (expires_at);
