package io.swfd.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What the nodes of a test cluster say of themselves on {@code GET /health}. */
final class ClusterNodes {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private ClusterNodes() {}

  /**
   * Waits until the nodes own every shard between them, each its fair share (a node that joins
   * takes its share over a few lease rounds): a test then starts on a cluster at rest.
   */
  static void awaitShared(List<URI> nodes) {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    List<Integer> owned = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      owned.clear();
      int shards = -1;
      for (URI node : nodes) {
        JsonNode cluster = health(node).path("cluster");
        shards = cluster.path("shardCount").asInt(-1);
        owned.add(cluster.path("ownedShards").size());
      }
      int sum = owned.stream().mapToInt(Integer::intValue).sum();
      int fair = shards / nodes.size();
      if (shards > 0 && sum == shards && owned.stream().allMatch(n -> n >= fair)) return;
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("the cluster's shards were not shared out: " + owned);
  }

  private static JsonNode health(URI node) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(node.resolve("/health")).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(r.body());
    } catch (IOException e) {
      return JSON.createObjectNode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
