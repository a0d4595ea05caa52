-- Ownership in a cluster of swfd nodes on one PostgreSQL database (io.swfd.cluster).
-- The number of shards is stored in meta ('shard-count') when a cluster first starts; a run belongs
-- to shard hash(region, domain, workflowId), a task list to shard hash(region, domain, kind, list).

-- The nodes: each renews its heartbeat (database time, epoch milliseconds) every few seconds; a
-- node whose heartbeat is older than the lease time counts as gone.
CREATE TABLE cluster_nodes (
    node_id      TEXT PRIMARY KEY,
    address      TEXT NOT NULL,
    started_at   BIGINT NOT NULL,
    heartbeat_at BIGINT NOT NULL
);

-- One row per shard: its owner (null: nobody), the owner's internal address, the fencing epoch
-- (grows by one on every change of owner) and when the lease ends unless renewed. A commit of the
-- shard's runs checks (owner, epoch) in its own transaction, so a node that lost the lease cannot
-- write.
CREATE TABLE shard_leases (
    shard         INTEGER PRIMARY KEY,
    owner         TEXT,
    owner_address TEXT,
    epoch         BIGINT NOT NULL DEFAULT 0,
    expires_at    BIGINT NOT NULL DEFAULT 0
);
