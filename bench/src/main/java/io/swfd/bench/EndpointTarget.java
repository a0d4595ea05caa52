package io.swfd.bench;

/**
 * A server already running at an endpoint ({@code --endpoint}); its threads and memory are read
 * from /proc when its process id is given.
 */
final class EndpointTarget implements Target {
  private final String endpoint;
  private final Long pid;

  EndpointTarget(String endpoint, Long pid) {
    this.endpoint = endpoint;
    this.pid = pid;
  }

  @Override
  public String name() {
    return "server";
  }

  @Override
  public String describe() {
    return endpoint + " (external; threads/memory: " + (pid != null ? "/proc/" + pid : "n/a") + ")";
  }

  @Override
  public Session open() {
    ServerProbe probe = pid != null ? ServerProbe.process(pid) : ServerProbe.none();
    return new Session(endpoint, probe, null, null, true, null, null);
  }
}
