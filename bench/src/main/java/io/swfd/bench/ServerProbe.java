package io.swfd.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Looks at the server under test: its live thread count and memory, sampled a few times a second
 * while a scenario runs, keeping the peaks.
 *
 * <ul>
 *   <li>in-process swfd: JVM threads other than the load generator's ({@code bench-*} and the HTTP
 *       client's {@code HttpClient-*} threads), heap in use (note: the load generator shares the
 *       heap), and the process's resident set;
 *   <li>a separate process whose pid is known (moto started by the benchmark, or {@code
 *       --server-pid}): {@code Threads} and {@code VmRSS} from {@code /proc/<pid>/status};
 *   <li>otherwise nothing ("n/a").
 * </ul>
 */
final class ServerProbe implements AutoCloseable {
  record Sample(Long threads, Long heapBytes, Long rssBytes) {}

  private final java.util.List<Long> pids; // null = this JVM; several: a cluster's nodes, summed
  private final boolean available;
  private volatile Long peakThreads;
  private volatile Long peakHeap;
  private volatile Long peakRss;
  private final Thread sampler;
  private volatile boolean closed;

  private ServerProbe(java.util.List<Long> pids, boolean available) {
    this.pids = pids;
    this.available = available;
    if (available) {
      sampler =
          new Thread(
              () -> {
                while (!closed) {
                  sample();
                  try {
                    Thread.sleep(200);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "bench-probe");
      sampler.setDaemon(true);
      sampler.start();
    } else {
      sampler = null;
    }
  }

  static ServerProbe inProcess() {
    return new ServerProbe(null, true);
  }

  static ServerProbe process(long pid) {
    return processes(java.util.List.of(pid));
  }

  /** Several server processes (the nodes of a cluster): threads, memory and CPU summed. */
  static ServerProbe processes(java.util.List<Long> pids) {
    boolean all = pids.stream().allMatch(p -> Files.exists(Path.of("/proc/" + p + "/status")));
    return new ServerProbe(java.util.List.copyOf(pids), all);
  }

  static ServerProbe none() {
    return new ServerProbe(null, false);
  }

  boolean available() {
    return available;
  }

  boolean inProcessServer() {
    return available && pids == null;
  }

  String describe() {
    if (!available) return "n/a (external server; pass --server-pid to read /proc)";
    if (pids == null)
      return "in-process (JVM threads minus load generator threads; heap shared with load generator)";
    return pids.size() == 1
        ? "/proc/" + pids.get(0) + "/status (Threads, VmRSS)"
        : "/proc/{"
            + String.join(",", pids.stream().map(String::valueOf).toList())
            + "}/status (Threads, VmRSS, summed)";
  }

  /** Takes a sample now (also updates the peaks). */
  synchronized Sample sample() {
    if (!available) return new Sample(null, null, null);
    Sample s = pids == null ? self() : proc(pids);
    if (s.threads() != null && (peakThreads == null || s.threads() > peakThreads))
      peakThreads = s.threads();
    if (s.heapBytes() != null && (peakHeap == null || s.heapBytes() > peakHeap))
      peakHeap = s.heapBytes();
    if (s.rssBytes() != null && (peakRss == null || s.rssBytes() > peakRss)) peakRss = s.rssBytes();
    return s;
  }

  /**
   * Bytes the server process has had written to storage so far ({@code write_bytes} of {@code
   * /proc/<pid>/io}; in process: this JVM, whose load generator writes nothing to disk), or null
   * when unknown.
   */
  Long writtenBytes() {
    if (!available) return null;
    if (pids == null) return writtenBytes("self");
    long sum = 0;
    for (long p : pids) {
      Long w = writtenBytes(String.valueOf(p));
      if (w == null) return null;
      sum += w;
    }
    return sum;
  }

  private static Long writtenBytes(String pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/io")))
        if (line.startsWith("write_bytes:")) return Long.parseLong(line.substring(12).trim());
    } catch (IOException | RuntimeException e) {
      return null; // not Linux, or not allowed to read it
    }
    return null;
  }

  /** Forgets the peaks (a new scenario starts). */
  synchronized void reset() {
    peakThreads = null;
    peakHeap = null;
    peakRss = null;
  }

  Long peakThreads() {
    return peakThreads;
  }

  Long peakHeapBytes() {
    return peakHeap;
  }

  Long peakRssBytes() {
    return peakRss;
  }

  private static Sample self() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long server = 0;
    for (ThreadInfo ti : mx.getThreadInfo(mx.getAllThreadIds(), 0)) {
      if (ti == null) continue;
      String n = ti.getThreadName();
      if (n.startsWith("bench-") || n.startsWith("HttpClient-")) continue;
      server++;
    }
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    Sample p = proc(ProcessHandle.current().pid());
    return new Sample(server, heap, p.rssBytes());
  }

  private static Sample proc(java.util.List<Long> pids) {
    Long threads = null;
    Long rss = null;
    for (long p : pids) {
      Sample s = proc(p);
      if (s.threads() != null) threads = (threads == null ? 0 : threads) + s.threads();
      if (s.rssBytes() != null) rss = (rss == null ? 0 : rss) + s.rssBytes();
    }
    return new Sample(threads, null, rss);
  }

  private static Sample proc(long pid) {
    Long threads = null;
    Long rss = null;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("Threads:")) threads = Long.parseLong(line.substring(8).trim());
        else if (line.startsWith("VmRSS:"))
          rss = Long.parseLong(line.substring(6).replace("kB", "").trim()) * 1024;
      }
    } catch (IOException | RuntimeException e) {
      // the process is gone or /proc is unavailable
    }
    return new Sample(threads, null, rss);
  }

  /**
   * CPU time so far: the server's, the load generator's, and the whole machine's busy and total
   * time (from /proc/stat), all in nanoseconds; a field is -1 when unknown.
   */
  record Cpu(long server, long client, long machineBusy, long machineTotal) {}

  /** Load generator threads' CPU time by thread id (in-process accounting). */
  private Map<Long, Long> clientThreads = new HashMap<>();

  /**
   * CPU time used since the previous call (the first call only sets the baseline). In-process, the
   * load generator's share is summed over its threads (by id, so threads that started or ended in
   * between are counted right) and the server's is the rest of this process's time, which includes
   * the JVM's own GC and JIT threads.
   */
  synchronized Cpu cpuSince() {
    long own = processCpu();
    long server = -1;
    long client = own;
    if (available && pids == null) {
      Map<Long, Long> now = new HashMap<>();
      long delta = 0;
      ThreadMXBean mx = ManagementFactory.getThreadMXBean();
      for (ThreadInfo ti : mx.getThreadInfo(mx.getAllThreadIds(), 0)) {
        if (ti == null) continue;
        String n = ti.getThreadName();
        if (n.startsWith("bench-") || n.startsWith("HttpClient-") || n.equals("main")) {
          long t = mx.getThreadCpuTime(ti.getThreadId());
          if (t < 0) continue;
          now.put(ti.getThreadId(), t);
          delta += t - clientThreads.getOrDefault(ti.getThreadId(), 0L);
        }
      }
      clientThreads = now;
      client = delta;
      server = own < 0 ? -1 : own;
      return new Cpu(server, client, machineCpu()[0], machineCpu()[1]);
    } else if (available) {
      server = 0;
      for (long p : pids) {
        long c = procCpu(p);
        if (c < 0) {
          server = -1;
          break;
        }
        server += c;
      }
    }
    long[] m = machineCpu();
    return new Cpu(server, client, m[0], m[1]);
  }

  /**
   * In-process only: CPU time so far of the server's threads, by thread name with numbers dropped.
   */
  Map<String, Long> serverThreadCpu() {
    Map<String, Long> m = new HashMap<>();
    if (!available || pids != null) return m;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (ThreadInfo ti : mx.getThreadInfo(mx.getAllThreadIds(), 0)) {
      if (ti == null) continue;
      String n = ti.getThreadName();
      if (n.startsWith("bench-") || n.startsWith("HttpClient-") || n.equals("main")) continue;
      long t = mx.getThreadCpuTime(ti.getThreadId());
      if (t > 0) m.merge(n.replaceAll("[-#]?\\d+", "").replaceAll("@\\w+.*", ""), t, Long::sum);
    }
    return m;
  }

  private static long processCpu() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getProcessCpuTime();
    return -1;
  }

  private static final long TICK_NANOS = 10_000_000L; // USER_HZ is 100 on Linux

  private static long procCpu(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split("\\s+");
      // fields after the command: state(3) ... utime(14) stime(15) => indexes 11, 12 here
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static long[] machineCpu() {
    try {
      String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = first.trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length && i <= 8; i++) total += Long.parseLong(f[i]);
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return new long[] {(total - idle) * TICK_NANOS, total * TICK_NANOS};
    } catch (IOException | RuntimeException e) {
      return new long[] {-1, -1};
    }
  }

  /** The soft limit on open files of this process, from /proc/self/limits; -1 when unknown. */
  static long openFilesLimit() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (line.startsWith("Max open files")) {
          String[] f = line.substring("Max open files".length()).trim().split("\\s+");
          return f[0].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(f[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // unknown
    }
    return -1;
  }

  /**
   * The machine's count of connections dropped because a listen queue was full (TcpExt
   * ListenOverflows in /proc/net/netstat); -1 when unknown.
   */
  static long listenOverflows() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/net/netstat"));
      for (int i = 0; i + 1 < lines.size(); i++) {
        if (!lines.get(i).startsWith("TcpExt:") || !lines.get(i + 1).startsWith("TcpExt:"))
          continue;
        String[] h = lines.get(i).split("\\s+");
        String[] v = lines.get(i + 1).split("\\s+");
        for (int k = 0; k < h.length && k < v.length; k++)
          if (h[k].equals("ListenOverflows")) return Long.parseLong(v[k]);
      }
    } catch (IOException | RuntimeException e) {
      // unknown
    }
    return -1;
  }

  /** Descriptors this process has open now; -1 when unknown. */
  static long openFiles() {
    try (var s = Files.list(Path.of("/proc/self/fd"))) {
      return s.count();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    closed = true;
    if (sampler != null) sampler.interrupt();
  }
}
