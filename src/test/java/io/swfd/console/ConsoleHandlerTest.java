package io.swfd.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.support.RunningSwfd;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /console serves the console's static files, and nothing else. */
class ConsoleHandlerTest {
  static RunningSwfd swfd;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    swfd = new RunningSwfd();
  }

  @AfterAll
  static void stop() {
    swfd.close();
  }

  static HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(swfd.endpoint() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void consoleRedirectsToItsPage() throws Exception {
    HttpResponse<String> r = get("/console");
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location")).hasValue("/console/");
  }

  @Test
  void thePageRunsOnlyItsOwnScriptsAndTalksOnlyToThisServer() throws Exception {
    HttpResponse<String> r = get("/console/");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("script-src 'self'")
        .contains("connect-src 'self'")
        .contains("frame-ancestors 'none'");
    assertThat(r.body())
        .contains("<script src=\"sigv4.js\"")
        .contains("<script src=\"app.js\"")
        .doesNotContain("<script>");
  }

  @Test
  void scriptsAndStylesHaveTheirTypes() throws Exception {
    assertThat(get("/console/app.js").headers().firstValue("Content-Type"))
        .hasValue("text/javascript; charset=utf-8");
    assertThat(get("/console/sigv4.js").body()).contains("AWS4-HMAC-SHA256");
    assertThat(get("/console/style.css").headers().firstValue("Content-Type"))
        .hasValue("text/css; charset=utf-8");
  }

  @Test
  void unknownOrUnsafeNamesAre404() throws Exception {
    assertThat(get("/console/nope.js").statusCode()).isEqualTo(404);
    assertThat(get("/console/..%2Fswf-model.json").statusCode()).isIn(400, 404);
    assertThat(get("/console/%2e%2e/logback.xml").statusCode()).isIn(400, 404);
    assertThat(get("/console/sub/app.js").statusCode()).isEqualTo(404);
  }

  @Test
  void onlyGetAndHead() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(swfd.endpoint() + "/console/app.js"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(405);
  }
}
