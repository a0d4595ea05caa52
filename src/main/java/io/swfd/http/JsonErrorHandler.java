package io.swfd.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.Json;
import io.swfd.api.SwfFault;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Whatever error Jetty itself answers (no handler took the request, a handler failed, the request
 * could not be parsed) is a JSON body, never Jetty's HTML page: a server error is SWF's {@code
 * InternalFailure} in the AWS JSON 1.0 error shape, anything else {@code {"message": "<reason>"}}.
 * The failure itself is logged once, by Jetty ({@code Response.writeError}, WARN with the stack
 * trace), before it calls this.
 */
final class JsonErrorHandler extends ErrorHandler {
  private static final String INTERNAL = "Internal failure";

  /** The body for a status, as the AWS JSON protocol shapes errors. */
  static byte[] body(int status, String reason) {
    ObjectNode o = Json.object();
    if (status >= 500) {
      o.put("__type", SwfFault.CORAL_SERVICE + "#InternalFailure").put("message", INTERNAL);
    } else {
      o.put("message", reason != null ? reason : HttpStatus.getMessage(status));
    }
    return o.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    byte[] body = body(code, code >= 500 ? INTERNAL : HttpStatus.getMessage(code));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) body.length);
    if (code >= 500) response.getHeaders().put("x-amzn-query-error", "InternalFailure;Receiver");
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
