-- An activity task's latest heartbeat, on a row of its own: a heartbeat is the most frequent write
-- and must not rewrite its run's state document (nor bump the run's version). A run's state, when
-- loaded, takes the time and details from here. The row goes when the task or the run closes.
-- details is a JSON string literal (any character survives, also NUL, which PostgreSQL's text refuses).
CREATE TABLE activity_heartbeats (
    run_pk             INTEGER NOT NULL,
    scheduled_event_id INTEGER NOT NULL,
    beat_at            INTEGER NOT NULL,
    details            TEXT,
    PRIMARY KEY (run_pk, scheduled_event_id)
) WITHOUT ROWID;
