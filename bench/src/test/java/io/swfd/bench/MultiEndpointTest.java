package io.swfd.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --endpoint A,B}: each client thread keeps one endpoint, given in turn; calls without
 * waiting go to each in turn; {@code --server-pid} with several pids sums them.
 */
class MultiEndpointTest {
  private final List<HttpServer> servers = new ArrayList<>();
  private final List<AtomicInteger> hits = new ArrayList<>();

  @BeforeEach
  void startTwoServers() throws Exception {
    for (int i = 0; i < 2; i++) {
      AtomicInteger n = new AtomicInteger();
      HttpServer s =
          HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
      s.createContext(
          "/",
          x -> {
            n.incrementAndGet();
            byte[] b = "{}".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
          });
      s.start();
      servers.add(s);
      hits.add(n);
    }
  }

  @AfterEach
  void stop() {
    for (HttpServer s : servers) s.stop(0);
  }

  private String endpoints() {
    return "http://127.0.0.1:"
        + servers.get(0).getAddress().getPort()
        + ", http://127.0.0.1:"
        + servers.get(1).getAddress().getPort();
  }

  @Test
  void eachClientThreadKeepsOneEndpointAndTheThreadsAlternate() throws Exception {
    for (SwfHttpClient.Transport transport : SwfHttpClient.Transport.values()) {
      hits.forEach(h -> h.set(0));
      try (SwfHttpClient c = new SwfHttpClient(endpoints(), true, transport)) {
        assertThat(c.endpoints()).hasSize(2);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          Thread th =
              new Thread(
                  () -> {
                    for (int k = 0; k < 5; k++) c.call("ListDomains", SwfHttpClient.obj());
                  });
          threads.add(th);
          th.start();
        }
        for (Thread th : threads) th.join();
      }
      assertThat(hits.get(0).get()).as("%s", transport).isEqualTo(10);
      assertThat(hits.get(1).get()).as("%s", transport).isEqualTo(10);
    }
  }

  @Test
  void callsWithoutWaitingTakeTheEndpointsInTurn() throws Exception {
    try (SwfHttpClient c = new SwfHttpClient(endpoints(), true)) {
      for (int k = 0; k < 6; k++) c.callAsync("ListDomains", SwfHttpClient.obj()).join();
    }
    assertThat(hits.get(0).get()).isEqualTo(3);
    assertThat(hits.get(1).get()).isEqualTo(3);
  }

  @Test
  void oneEndpointWorksAsBefore() {
    try (SwfHttpClient c =
        new SwfHttpClient("http://127.0.0.1:" + servers.get(1).getAddress().getPort(), true)) {
      c.call("ListDomains", SwfHttpClient.obj());
    }
    assertThat(hits.get(1).get()).isEqualTo(1);
  }

  @Test
  void severalServerPidsAreSummed() {
    long me = ProcessHandle.current().pid();
    try (ServerProbe one = ServerProbe.process(me);
        ServerProbe two = ServerProbe.processes(List.of(me, me))) {
      ServerProbe.Sample a = one.sample();
      ServerProbe.Sample b = two.sample();
      assertThat(b.rssBytes()).isGreaterThan(a.rssBytes());
      assertThat(b.threads()).isGreaterThan(a.threads());
      assertThat(two.describe()).contains("summed");
      one.cpuSince();
      two.cpuSince();
    }
    EndpointTarget t = new EndpointTarget(endpoints(), List.of(me, me));
    assertThat(t.describe())
        .contains(":" + servers.get(0).getAddress().getPort() + ",")
        .contains(":" + servers.get(1).getAddress().getPort() + " (external")
        .contains(" + /proc/");
  }
}
