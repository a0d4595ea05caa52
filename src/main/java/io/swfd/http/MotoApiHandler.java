package io.swfd.http;

import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The part of moto's control API that test suites written against moto's server use, present only
 * with {@code --moto-compat}: {@code POST /moto-api/reset} drops all state (moto's server-mode
 * {@code mock_aws} calls it before every test) and answers {@code {"status": "ok"}} as moto does.
 * It takes no body (or an empty JSON object); anything else is a 400 saying what was wrong.
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
    try {
      if (!HttpMethod.POST.is(request.getMethod())) throw JsonBodies.methodNotAllowed("POST");
      JsonBodies.object(request); // no body, or an empty object: nothing else
    } catch (JsonBodies.Refusal r) {
      r.send(response, callback);
      return true;
    }
    reset.run();
    // byte for byte what moto answers
    JsonBodies.reply(response, callback, 200, "{\"status\": \"ok\"}");
    return true;
  }
}
