-- A run's pending items as rows of their own, one table per kind (see the SQLite dialect's V5).
CREATE TABLE run_activities (
    run_pk             BIGINT  NOT NULL,
    scheduled_event_id BIGINT  NOT NULL,
    data               TEXT    NOT NULL,
    beat_at            BIGINT,
    details            TEXT,
    PRIMARY KEY (run_pk, scheduled_event_id)
);

CREATE TABLE run_timers (
    run_pk   BIGINT  NOT NULL,
    timer_id TEXT    NOT NULL,
    data     TEXT    NOT NULL,
    PRIMARY KEY (run_pk, timer_id)
);

CREATE TABLE run_children (
    run_pk             BIGINT  NOT NULL,
    initiated_event_id BIGINT  NOT NULL,
    data               TEXT    NOT NULL,
    PRIMARY KEY (run_pk, initiated_event_id)
);

CREATE TABLE run_externals (
    run_pk             BIGINT  NOT NULL,
    initiated_event_id BIGINT  NOT NULL,
    data               TEXT    NOT NULL,
    PRIMARY KEY (run_pk, initiated_event_id)
);

CREATE TABLE run_lambdas (
    run_pk             BIGINT  NOT NULL,
    scheduled_event_id BIGINT  NOT NULL,
    data               TEXT    NOT NULL,
    PRIMARY KEY (run_pk, scheduled_event_id)
);
