-- Channels and DMs; last_seq is the channel's event sequence, advanced in the transaction of each channel event.
CREATE TABLE channels (
    id          uuid PRIMARY KEY,
    type        varchar(8)   NOT NULL CHECK (type IN ('channel', 'dm')),
    name        varchar(80)  NOT NULL,
    topic       varchar(250) NOT NULL DEFAULT '',
    visibility  varchar(8)   NOT NULL CHECK (visibility IN ('public', 'private')),
    last_seq    bigint       NOT NULL DEFAULT 0,
    created_by  uuid         NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT now()
);
