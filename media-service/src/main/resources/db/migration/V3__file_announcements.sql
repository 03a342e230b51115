-- file.uploaded is published after the row commits; a row whose event is not yet acknowledged stays unannounced
-- and AnnouncementRelay publishes it later (rows that existed before this column count as announced).
ALTER TABLE files ADD COLUMN announced boolean NOT NULL DEFAULT true;
CREATE INDEX files_unannounced_idx ON files (created_at) WHERE NOT announced;
