-- The refresh-token family of the session's access token (its sid claim, from session.opened), so revoking the
-- session also revokes the family in auth-service (session.revoke carries it). Null for sessions opened by a gateway
-- or a token that did not report it.
ALTER TABLE sessions ADD COLUMN family_id uuid;
