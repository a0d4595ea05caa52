-- Visibility, continued: a filter on workflowId or on the type name alone, with results ordered by
-- close time (or by start time for a type name alone), had no index that serves both the filter and
-- the order, so SQLite walked the whole time window of the domain (100,000 closed runs: ~100 ms per
-- page, more for a count). These keep every such page and count to an index range.
CREATE INDEX runs_by_workflow_id_close ON runs (region, domain, status, workflow_id, close_ts);
CREATE INDEX runs_by_type_name_close ON runs (region, domain, status, type_name, close_ts);
CREATE INDEX runs_by_type_name_start ON runs (region, domain, status, type_name, start_ts);
