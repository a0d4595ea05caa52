-- Visibility: every filter of List/Count Open/Closed executions is served by an index.
CREATE TABLE run_tags (
    run_pk BIGINT NOT NULL,
    tag    TEXT   NOT NULL,
    PRIMARY KEY (run_pk, tag)
);
CREATE INDEX run_tags_by_tag ON run_tags (tag, run_pk);

CREATE INDEX runs_by_workflow_id ON runs (region, domain, status, workflow_id, start_ts);
CREATE INDEX runs_by_type ON runs (region, domain, status, type_name, type_version, start_ts);
CREATE INDEX runs_by_close_status ON runs (region, domain, close_status, close_ts);
CREATE INDEX runs_closed_by_start ON runs (region, domain, status, start_ts, close_ts);
