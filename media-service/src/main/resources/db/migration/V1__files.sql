-- Uploaded files' metadata; the (encrypted) bytes live in the blob store under storage_key.
CREATE TABLE files (
    id            uuid PRIMARY KEY,
    owner_id      uuid         NOT NULL,
    name          varchar(255) NOT NULL,
    size          bigint       NOT NULL,
    content_type  varchar(255) NOT NULL,
    sha256        char(64)     NOT NULL,
    storage_key   varchar(255) NOT NULL,
    created_at    timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX files_owner_idx ON files (owner_id);
