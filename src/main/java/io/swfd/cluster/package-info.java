/**
 * Several swfd nodes on one PostgreSQL database, working by ownership rather than by sharing (issue
 * 14; design.md, "Where the architecture goes next").
 *
 * <h2>What is here</h2>
 *
 * <ul>
 *   <li>{@link io.swfd.cluster.Shards}: a fixed number of shards (stored in the database when the
 *       first node starts); a run's shard is a hash of region, domain and workflowId, a task list's
 *       of region, domain, kind and name.
 *   <li>{@link io.swfd.cluster.LeaseManager}: each shard is leased to one node at a time ({@code
 *       shard_leases}), under a fencing epoch that grows on every change of owner; nodes register
 *       ({@code cluster_nodes}), renew, share the shards fairly and hand them over on a clean stop.
 *       {@code PostgresShardLeases.fence} is the check a commit makes in its own transaction: a
 *       node that lost a lease cannot write under it.
 *   <li>{@link io.swfd.cluster.Forwarder}: the internal channel; the server's {@code ClusterRouter}
 *       sends the calls that name an execution by workflowId to the owner of its shard.
 * </ul>
 *
 * <h2>What comes next, and the rules it must keep</h2>
 *
 * Until then the shared-store mode ({@code engine.ClusterSync}, {@code matching.ClusterBus}: every
 * node serves every run, re-reading it from the store) stays the truth, and the leases only route.
 *
 * <ol>
 *   <li><b>A run's shard in the store.</b> A {@code shard} column on {@code runs} (and on the rows
 *       of timers and of scheduled tasks, with the task list's shard), filled at insert and for
 *       existing rows by the migration, so that a node that gains a shard loads exactly its open
 *       runs, deadlines and backlog with indexed queries, and a task token's run finds its shard
 *       without reading the run (new tokens may carry the shard).
 *   <li><b>The owner serves from memory.</b> {@code Runs} keeps a shard's runs as it does alone on
 *       its store (per-run locks, writes queued and group-committed), with every write carrying the
 *       (shard, epoch) it was made under; the PostgreSQL writer checks each shard of a batch with
 *       {@code fence} in the batch's transaction. A {@code FencedException} fails the batch (503 to
 *       its callers, nothing written), tells {@code LeaseManager.fencedOut}, and the shard's runs
 *       leave memory; if the node takes the shard back it reads them again. Deadlines are armed and
 *       fired by the owner only. Gaining a shard: load, then serve; losing it: stop serving first
 *       (the listener runs before the lease is given up).
 *   <li><b>Every run-scoped call goes to the owner</b>, task-token calls included; a decision
 *       task's answer needs the caller's identity at the owner for the decisions' own IAM checks,
 *       so the channel must carry it (or the edge checks the decisions before forwarding). A
 *       forward that reached an owner and got no answer is 503 (it may have been done); a refused
 *       connection or a 503 from an owner that no longer owns the shard is retried at the new owner
 *       once the leases say who that is.
 *   <li><b>Work across shards</b> (a child started by its parent, an external signal or cancel, the
 *       parent told of a child's close) cannot be one transaction any more: the first shard's
 *       commit writes an outbox row in the same transaction; its owner delivers it to the other
 *       shard's owner, whose commit applies it (idempotently, keyed by the outbox row) and deletes
 *       it. A new owner of the first shard re-delivers what is left in its outbox.
 *   <li><b>Task lists are owned too.</b> Polls park at the owner of their task list's shard. After
 *       a commit that schedules a task, the run's owner sends it to the task list's owner. A poll
 *       that is matched asks the run's owner to start the task (the Started event is committed
 *       there, under the run's lock and fence) and answers only once that is durable; a task the
 *       run's owner refuses (gone, started, closed) is dropped and the poll waits on. <b>No
 *       scheduled task is lost</b>: a task is scheduled in the same commit as its event, and
 *       "scheduled and not started" is the run's own state in the store; the hand-over to the task
 *       list's owner is only a hint. Whenever a node gains a task-list shard it rebuilds that
 *       shard's backlog from the store (the scheduled-but-not-started items whose task list hashes
 *       into it), and a run's owner that gains a shard re-sends its runs' scheduled tasks; so a
 *       task whose hint was lost with a dead node is found again within a lease time.
 *   <li><b>Then the shared-store mode goes</b>: {@code ClusterSync}, {@code ClusterBus}, {@code
 *       PostgresClusterBus} and the re-read paths of {@code Runs}.
 * </ol>
 */
package io.swfd.cluster;
