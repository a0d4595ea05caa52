package io.swfd.bench;

import java.util.List;

/**
 * A server already running at an endpoint ({@code --endpoint}), or the nodes of a cluster at
 * several ({@code --endpoint A,B,...}: each client of the load talks to one of them, in turn); its
 * threads, memory and CPU are read from /proc when its process ids are given ({@code --server-pid},
 * summed over several).
 */
final class EndpointTarget implements Target {
  private final String endpoint;
  private final List<Long> pids;

  EndpointTarget(String endpoint, List<Long> pids) {
    this.endpoint = endpoint;
    this.pids = pids == null ? List.of() : List.copyOf(pids);
  }

  @Override
  public String name() {
    return "server";
  }

  @Override
  public String describe() {
    String procs =
        pids.isEmpty() ? "n/a" : String.join(" + ", pids.stream().map(p -> "/proc/" + p).toList());
    return String.join(", ", endpoint.split("\\s*,\\s*"))
        + " (external; threads/memory: "
        + procs
        + ")";
  }

  @Override
  public Session open() {
    ServerProbe probe = pids.isEmpty() ? ServerProbe.none() : ServerProbe.processes(pids);
    return new Session(endpoint, probe, null, null, true, null, null);
  }
}
