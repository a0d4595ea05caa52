package io.swfd.http;

import io.swfd.metrics.SwfdMetrics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** {@code GET /metrics}: the Prometheus text format. */
final class MetricsHandler extends Handler.Abstract {
  private final SwfdMetrics metrics;

  MetricsHandler(SwfdMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!HttpMethod.GET.is(request.getMethod())
        || !"/metrics".equals(Request.getPathInContext(request))) return false;
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
    response.write(
        true, ByteBuffer.wrap(metrics.scrape().getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }
}
