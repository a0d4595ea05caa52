-- swfd schema, SQLite dialect. The PostgreSQL dialect keeps the same tables and columns.
-- Times are epoch milliseconds.

CREATE TABLE meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE domains (
    region         TEXT    NOT NULL,
    name           TEXT    NOT NULL,
    status         TEXT    NOT NULL,
    description    TEXT,
    retention_days TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,
    PRIMARY KEY (region, name)
);

CREATE TABLE domain_tags (
    region    TEXT    NOT NULL,
    domain    TEXT    NOT NULL,
    position  INTEGER NOT NULL,
    tag_key   TEXT    NOT NULL,
    tag_value TEXT,
    PRIMARY KEY (region, domain, tag_key)
);

CREATE TABLE types (
    kind             TEXT    NOT NULL,
    region           TEXT    NOT NULL,
    domain           TEXT    NOT NULL,
    name             TEXT    NOT NULL,
    version          TEXT    NOT NULL,
    status           TEXT    NOT NULL,
    description      TEXT,
    creation_date    INTEGER NOT NULL,
    deprecation_date INTEGER,
    defaults         TEXT    NOT NULL,
    PRIMARY KEY (kind, region, domain, name, version)
);

-- One row per run. The run's mutable state (open tasks, timers, decision task) is one JSON
-- document, rewritten with an optimistic version check; the columns beside it serve visibility.
CREATE TABLE runs (
    run_pk        INTEGER PRIMARY KEY AUTOINCREMENT,
    region        TEXT    NOT NULL,
    domain        TEXT    NOT NULL,
    workflow_id   TEXT    NOT NULL,
    run_id        TEXT    NOT NULL,
    type_name     TEXT    NOT NULL,
    type_version  TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    close_status  TEXT,
    start_ts      INTEGER NOT NULL,
    close_ts      INTEGER,
    tags          TEXT,
    version       INTEGER NOT NULL,
    state         TEXT    NOT NULL,
    UNIQUE (region, domain, workflow_id, run_id)
);
-- At most one open run per workflowId in a domain.
CREATE UNIQUE INDEX runs_open_workflow_id ON runs (region, domain, workflow_id) WHERE status = 'OPEN';
CREATE INDEX runs_open_by_start ON runs (region, domain, status, start_ts);
CREATE INDEX runs_closed_by_close ON runs (region, domain, status, close_ts);

CREATE TABLE history_events (
    run_pk     INTEGER NOT NULL,
    event_id   INTEGER NOT NULL,
    event_type TEXT    NOT NULL,
    ts         INTEGER NOT NULL,
    attributes TEXT    NOT NULL,
    PRIMARY KEY (run_pk, event_id)
) WITHOUT ROWID;

-- Every deadline of a run (activity and decision timeouts, workflow timeout, user timers),
-- written in the transaction that armed it.
CREATE TABLE timers (
    run_pk    INTEGER NOT NULL,
    timer_key TEXT    NOT NULL,
    due_at    INTEGER NOT NULL,
    PRIMARY KEY (run_pk, timer_key)
) WITHOUT ROWID;
CREATE INDEX timers_by_due ON timers (due_at);
