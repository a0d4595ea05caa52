-- swfd schema, PostgreSQL dialect: the same tables, columns and indexes as db/migration/sqlite.
-- Times are epoch milliseconds (BIGINT). Names that pages are ordered by compare byte-wise
-- (COLLATE "C"), as SQLite's BINARY collation does, whatever the database's locale.

CREATE TABLE meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE domains (
    region         TEXT   NOT NULL,
    name           TEXT   COLLATE "C" NOT NULL,
    status         TEXT   NOT NULL,
    description    TEXT,
    retention_days TEXT   NOT NULL,
    created_at     BIGINT NOT NULL,
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
    kind             TEXT   NOT NULL,
    region           TEXT   NOT NULL,
    domain           TEXT   NOT NULL,
    name             TEXT   COLLATE "C" NOT NULL,
    version          TEXT   COLLATE "C" NOT NULL,
    status           TEXT   NOT NULL,
    description      TEXT,
    creation_date    BIGINT NOT NULL,
    deprecation_date BIGINT,
    defaults         TEXT   NOT NULL,
    PRIMARY KEY (kind, region, domain, name, version)
);

-- One row per run. The run's mutable state (open tasks, timers, decision task) is one JSON
-- document, rewritten with an optimistic version check; the columns beside it serve visibility.
CREATE TABLE runs (
    run_pk        BIGSERIAL PRIMARY KEY,
    region        TEXT   NOT NULL,
    domain        TEXT   NOT NULL,
    workflow_id   TEXT   NOT NULL,
    run_id        TEXT   NOT NULL,
    type_name     TEXT   NOT NULL,
    type_version  TEXT   NOT NULL,
    status        TEXT   NOT NULL,
    close_status  TEXT,
    start_ts      BIGINT NOT NULL,
    close_ts      BIGINT,
    tags          TEXT,
    version       BIGINT NOT NULL,
    state         TEXT   NOT NULL,
    UNIQUE (region, domain, workflow_id, run_id)
);
-- At most one open run per workflowId in a domain (every node of a cluster relies on it).
CREATE UNIQUE INDEX runs_open_workflow_id ON runs (region, domain, workflow_id) WHERE status = 'OPEN';
CREATE INDEX runs_open_by_start ON runs (region, domain, status, start_ts);
CREATE INDEX runs_closed_by_close ON runs (region, domain, status, close_ts);

CREATE TABLE history_events (
    run_pk     BIGINT NOT NULL,
    event_id   BIGINT NOT NULL,
    event_type TEXT   NOT NULL,
    ts         BIGINT NOT NULL,
    attributes TEXT   NOT NULL,
    PRIMARY KEY (run_pk, event_id)
);

-- Every deadline of a run (activity and decision timeouts, workflow timeout, user timers),
-- written in the transaction that armed it; firing deletes it in the transaction of its events.
CREATE TABLE timers (
    run_pk    BIGINT NOT NULL,
    timer_key TEXT   NOT NULL,
    due_at    BIGINT NOT NULL,
    PRIMARY KEY (run_pk, timer_key)
);
CREATE INDEX timers_by_due ON timers (due_at);
