-- Gateway instances known by their heartbeats on session.events; a silent instance's sessions are expired.
CREATE TABLE gateway_instances (
    instance_id     varchar(128) PRIMARY KEY,
    first_seen_at   timestamptz NOT NULL DEFAULT now(),
    last_heartbeat  timestamptz NOT NULL
);
