-- Generated private keys are stored sealed with the key-encryption key (parley.auth.keys.encryption-key, never in
-- the database): AES-256-GCM, a random 96-bit nonce per row, the kid as associated data (a sealed key copied into
-- another row does not open). private_key keeps the plaintext DER only of rows an older version wrote, until the
-- next start seals them (one transaction) and empties it; each row has exactly one of the two forms.
ALTER TABLE signing_keys ALTER COLUMN private_key DROP NOT NULL;
ALTER TABLE signing_keys ADD COLUMN private_key_nonce bytea;
ALTER TABLE signing_keys ADD COLUMN private_key_sealed bytea;
ALTER TABLE signing_keys ADD CONSTRAINT signing_keys_one_private_form
    CHECK ((private_key IS NULL) <> (private_key_sealed IS NULL));
ALTER TABLE signing_keys ADD CONSTRAINT signing_keys_sealed_with_nonce
    CHECK ((private_key_sealed IS NULL) = (private_key_nonce IS NULL)
        AND (private_key_nonce IS NULL OR octet_length(private_key_nonce) = 12));
