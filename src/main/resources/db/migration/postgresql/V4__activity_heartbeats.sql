-- An activity task's latest heartbeat, on a row of its own (see the SQLite dialect's V4).
CREATE TABLE activity_heartbeats (
    run_pk             BIGINT NOT NULL,
    scheduled_event_id BIGINT NOT NULL,
    beat_at            BIGINT NOT NULL,
    details            TEXT,
    PRIMARY KEY (run_pk, scheduled_event_id)
);
