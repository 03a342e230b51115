-- Liveness of a gateway is judged on this service's clock (last_heard_at) against the interval the gateway announces,
-- so clock skew between hosts cannot expire a healthy gateway.
ALTER TABLE gateway_instances ADD COLUMN interval_ms integer;
ALTER TABLE gateway_instances ADD COLUMN last_heard_at timestamptz;
UPDATE gateway_instances SET last_heard_at = last_heartbeat;
ALTER TABLE gateway_instances ALTER COLUMN last_heard_at SET NOT NULL;
ALTER TABLE gateway_instances ALTER COLUMN last_heard_at SET DEFAULT now();
ALTER TABLE gateway_instances ADD COLUMN stopped_at timestamptz;

-- The live session registry fed by session.events. A row may be created by session.closed before its
-- session.opened arrives (out of order); such a row is born closed and stays closed.
CREATE TABLE sessions (
    session_id    uuid PRIMARY KEY,
    user_id       uuid         NOT NULL,
    instance_id   varchar(128) NOT NULL,
    user_agent    varchar(512),
    client_ip     varchar(64),
    connected_at  timestamptz,
    last_seen_at  timestamptz  NOT NULL,
    closed_at     timestamptz,
    close_code    integer,
    close_reason  varchar(32)
);
CREATE INDEX sessions_live_by_user ON sessions (user_id) WHERE closed_at IS NULL;
CREATE INDEX sessions_live_by_instance ON sessions (instance_id) WHERE closed_at IS NULL;
CREATE INDEX sessions_closed_at ON sessions (closed_at) WHERE closed_at IS NOT NULL;

-- One row per user: what the user chose (presence.set), and what others were last told (shown_*), so every
-- change is published exactly once and the grace period survives restarts.
CREATE TABLE presence (
    user_id             uuid PRIMARY KEY,
    chosen_status       varchar(16)  NOT NULL DEFAULT 'online'
                        CHECK (chosen_status IN ('online', 'away', 'dnd', 'invisible')),
    chosen_text         varchar(128),
    chosen_at           timestamptz,
    last_seen_at        timestamptz,
    offline_since       timestamptz,
    shown_status        varchar(16)  NOT NULL DEFAULT 'offline'
                        CHECK (shown_status IN ('online', 'away', 'dnd', 'offline')),
    shown_text          varchar(128),
    shown_last_seen_at  timestamptz,
    updated_at          timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX presence_pending_offline ON presence (offline_since)
    WHERE offline_since IS NOT NULL AND shown_status <> 'offline';
