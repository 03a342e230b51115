-- Accounts. The username is unique case-insensitively by index, not by a check in Java.
CREATE TABLE users (
    id            uuid PRIMARY KEY,
    username      varchar(32)  NOT NULL,
    display_name  varchar(64)  NOT NULL,
    password_hash varchar(255) NOT NULL,
    roles         text[]       NOT NULL DEFAULT ARRAY['user'],
    banned        boolean      NOT NULL DEFAULT false,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    updated_at    timestamptz  NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username));
