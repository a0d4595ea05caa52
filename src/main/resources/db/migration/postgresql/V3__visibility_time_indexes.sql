-- Visibility, continued (as db/migration/sqlite/V3): a filter on workflowId or on the type name alone,
-- ordered by close time (or by start time for a type name alone), served by one index range.
CREATE INDEX runs_by_workflow_id_close ON runs (region, domain, status, workflow_id, close_ts);
CREATE INDEX runs_by_type_name_close ON runs (region, domain, status, type_name, close_ts);
CREATE INDEX runs_by_type_name_start ON runs (region, domain, status, type_name, start_ts);
