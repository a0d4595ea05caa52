-- A run's pending items as rows of their own, one table per kind: a commit writes the rows of the
-- items it changed (and the run's small info row in runs.state), not the whole run. Payloads the
-- history holds (inputs, control, tags) are not copied here. data is the item as JSON.
-- An activity task's latest heartbeat is on its row (beat_at, details: a JSON string literal),
-- written by the heartbeat alone. The documents of older releases are turned into these rows when
-- this script runs (SchemaMigrations), and activity_heartbeats is folded into run_activities.
CREATE TABLE run_activities (
    run_pk             INTEGER NOT NULL,
    scheduled_event_id INTEGER NOT NULL,
    data               TEXT    NOT NULL,
    beat_at            INTEGER,
    details            TEXT,
    PRIMARY KEY (run_pk, scheduled_event_id)
) WITHOUT ROWID;

CREATE TABLE run_timers (
    run_pk   INTEGER NOT NULL,
    timer_id TEXT    NOT NULL,
    data     TEXT    NOT NULL,
    PRIMARY KEY (run_pk, timer_id)
) WITHOUT ROWID;

CREATE TABLE run_children (
    run_pk             INTEGER NOT NULL,
    initiated_event_id INTEGER NOT NULL,
    data               TEXT    NOT NULL,
    PRIMARY KEY (run_pk, initiated_event_id)
) WITHOUT ROWID;

CREATE TABLE run_externals (
    run_pk             INTEGER NOT NULL,
    initiated_event_id INTEGER NOT NULL,
    data               TEXT    NOT NULL,
    PRIMARY KEY (run_pk, initiated_event_id)
) WITHOUT ROWID;

CREATE TABLE run_lambdas (
    run_pk             INTEGER NOT NULL,
    scheduled_event_id INTEGER NOT NULL,
    data               TEXT    NOT NULL,
    PRIMARY KEY (run_pk, scheduled_event_id)
) WITHOUT ROWID;
