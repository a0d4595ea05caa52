package io.swfd.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The part of moto's control API that test suites written against moto's server use, present only
 * with {@code --moto-compat}: {@code POST /moto-api/reset} drops all state (moto's server-mode
 * {@code mock_aws} calls it before every test) and answers {@code {"status": "ok"}} as moto does.
 */
public final class MotoApiHandler extends Handler.Abstract {
  private final Runnable reset;

  public MotoApiHandler(Runnable reset) {
    this.reset = reset;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    if (!path.equals("/moto-api/reset") && !path.equals("/moto-api/reset/")) return false;
    if (!HttpMethod.POST.is(request.getMethod())) {
      reply(response, callback, 405, "{\"message\": \"use POST\"}");
      return true;
    }
    reset.run();
    reply(response, callback, 200, "{\"status\": \"ok\"}");
    return true;
  }

  private static void reply(Response response, Callback callback, int status, String json) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
  }
}
