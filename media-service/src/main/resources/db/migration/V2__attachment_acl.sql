-- The access-control projection of chat.events: who is in which channel, and where each file was attached.
-- A channel member may read a file attached to a (non-deleted) message of that channel.
CREATE TABLE channel_members (
    channel_id uuid NOT NULL,
    user_id    uuid NOT NULL,
    PRIMARY KEY (channel_id, user_id)
);
CREATE INDEX channel_members_user_idx ON channel_members (user_id);

CREATE TABLE file_attachments (
    file_id    uuid NOT NULL,
    message_id uuid NOT NULL,
    channel_id uuid NOT NULL,
    PRIMARY KEY (file_id, message_id)
);
CREATE INDEX file_attachments_message_idx ON file_attachments (message_id);

-- The highest seq applied per channel: a redelivered or replayed event (seq <= last_seq) changes nothing twice.
CREATE TABLE channel_progress (
    channel_id uuid PRIMARY KEY,
    last_seq   bigint NOT NULL
);
