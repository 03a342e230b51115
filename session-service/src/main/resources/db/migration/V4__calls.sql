-- Calls (issue 23, docs/calls.md): one call per channel at a time. A row lives while its call goes on: the call that
-- ends (no participants left) is deleted with its participants, so the unique channel_id is "the channel's call".
CREATE TABLE calls (
    call_id     uuid PRIMARY KEY,
    channel_id  uuid         NOT NULL UNIQUE,
    started_by  uuid         NOT NULL,
    started_at  timestamptz  NOT NULL
);

-- A user is in a call at most once, on one socket (session_id). disconnected_at is set when that socket's session
-- closed (socket gone, gateway stopped or silent): the participation still counts for the grace period, and a
-- join of the same user within it continues it on the new socket; past it the sweep removes it.
CREATE TABLE call_participants (
    call_id          uuid         NOT NULL REFERENCES calls (call_id) ON DELETE CASCADE,
    user_id          uuid         NOT NULL,
    session_id       uuid         NOT NULL,
    instance_id      varchar(128) NOT NULL,
    joined_at        timestamptz  NOT NULL,
    disconnected_at  timestamptz,
    PRIMARY KEY (call_id, user_id)
);
CREATE INDEX call_participants_session ON call_participants (session_id);
CREATE INDEX call_participants_user ON call_participants (user_id);
CREATE INDEX call_participants_disconnected ON call_participants (disconnected_at) WHERE disconnected_at IS NOT NULL;

-- The members of DM channels, from user.events channel.joined / channel.left of channels of type dm: who a call
-- started in a DM rings (call.ringing).
CREATE TABLE dm_members (
    channel_id  uuid NOT NULL,
    user_id     uuid NOT NULL,
    PRIMARY KEY (channel_id, user_id)
);
