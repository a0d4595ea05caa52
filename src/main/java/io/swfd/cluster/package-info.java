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
 *       sends the calls about one execution to the owner of its shard (on by default; {@code
 *       -Dswfd.cluster.forwarding=false} turns it off): those that name it by workflowId, and those
 *       that carry an activity task's token (heartbeats and the activity's answers; the token's run
 *       is looked up once in the store for its shard, so tokens issued before need no change), and
 *       RespondDecisionTaskCompleted when the server checks no access policies. An owner that
 *       refuses the connection or answers 503 (it no longer owns the shard): served here; an owner
 *       that took the call and did not answer: 503 ServiceUnavailable (it may have done it).
 *   <li><b>The owner serves its runs from memory</b> ({@code engine.Runs}, {@code Runs.Ownership}
 *       over the {@code LeaseManager}): a run of a shard this node owns is held as a node alone on
 *       its store holds it (per-run lock, writes queued and group-committed by the PostgreSQL
 *       writer, durable before shown), each write carrying the shard's {@code store.Fence} (node,
 *       shard, epoch). The writer checks each shard of a batch once with {@code
 *       PostgresShardLeases.fence} in the batch's transaction; a {@code FencedException} fails the
 *       writes under it (503, nothing written), tells {@code LeaseManager.fencedOut} (counted in
 *       {@code swfd_cluster_commits_fenced_total}), and the shard's runs leave memory. Losing a
 *       shard (lease lost, rebalance, clean stop) drops its runs from memory and waits for their
 *       queued writes before the lease is given up; a shard gained is loaded lazily, each run as it
 *       is first touched. Runs of other nodes' shards take the shared path (read from the store,
 *       committed at once), as every run did before.
 *   <li><b>Why mixing the two paths is safe</b>: every write of an existing run carries the version
 *       it was made on, so a copy in memory never overwrites a newer row (a poll on another node
 *       that started a task changes the run behind the owner's back: the owner's next write finds
 *       the version moved, the copy is read again and the unit of work done again). A refusal (an
 *       unknown task, say) made on a copy that was not just read is done again on a fresh copy
 *       before it is answered; another node's committed change (the cluster bus) marks an older
 *       copy for reading again; a write queued after one that failed from the same copy fails too
 *       ({@code store.Lineage}: its version check could otherwise pass on the other node's
 *       version). A deadline of an owned run is fired by reading the run afresh and checking that
 *       its row is still there and due, so it never fires twice, whichever node fires it.
 * </ul>
 *
 * <h2>What comes next, and the rules it must keep</h2>
 *
 * Until then the shared-store mode ({@code engine.ClusterSync}, {@code matching.ClusterBus}: hints
 * of new tasks and deadlines to every node, sweeps of the store) stays, and every node can still
 * serve every run.
 *
 * <ol>
 *   <li><b>A run's shard in the store.</b> A {@code shard} column on {@code runs} (and on the rows
 *       of timers and of scheduled tasks, with the task list's shard), filled at insert and for
 *       existing rows by the migration, so that a node that gains a shard loads exactly its open
 *       runs, deadlines and backlog with indexed queries (today a gained shard's runs are read one
 *       by one as they are touched, and every node keeps every deadline as a backup), and a task
 *       token's run finds its shard without a lookup.
 *   <li><b>Every run-scoped call goes to the owner</b>: RespondDecisionTaskCompleted when access
 *       policies are on needs the caller's identity at the owner for the decisions' own IAM checks,
 *       so the channel must carry it (or the edge checks the decisions before forwarding). A
 *       refused connection could be retried at the new owner once the leases say who that is (today
 *       it is served here from the store).
 *   <li><b>Work across shards</b> (a child started by its parent, an external signal or cancel, the
 *       parent told of a child's close) is today one transaction on the shared path when the two
 *       runs' shards have different owners (or a child's insert rides in its parent's fenced
 *       commit); with shared mode gone it needs an outbox: the first shard's commit writes an
 *       outbox row in the same transaction; its owner delivers it to the other shard's owner, whose
 *       commit applies it (idempotently, keyed by the outbox row) and deletes it. A new owner of
 *       the first shard re-delivers what is left in its outbox.
 *   <li><b>Task lists are owned too.</b> Today a poll on any node may start a task of any run (on
 *       the shared path, which makes the run's owner read the run again). Polls should park at the
 *       owner of their task list's shard. After a commit that schedules a task, the run's owner
 *       sends it to the task list's owner. A poll that is matched asks the run's owner to start the
 *       task (the Started event is committed there, under the run's lock and fence) and answers
 *       only once that is durable; a task the run's owner refuses (gone, started, closed) is
 *       dropped and the poll waits on. <b>No scheduled task is lost</b>: a task is scheduled in the
 *       same commit as its event, and "scheduled and not started" is the run's own state in the
 *       store; the hand-over to the task list's owner is only a hint. Whenever a node gains a
 *       task-list shard it rebuilds that shard's backlog from the store (the scheduled-but-not-
 *       started items whose task list hashes into it), and a run's owner that gains a shard
 *       re-sends its runs' scheduled tasks; so a task whose hint was lost with a dead node is found
 *       again within a lease time.
 *   <li><b>Then the shared-store mode goes</b>: {@code ClusterSync}, {@code ClusterBus}, {@code
 *       PostgresClusterBus} and the re-read paths of {@code Runs}.
 * </ol>
 */
package io.swfd.cluster;
