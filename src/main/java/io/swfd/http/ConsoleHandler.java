package io.swfd.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The web console: static files from the classpath folder {@code console/}, at {@code /console/}.
 * The page itself calls the SWF API ({@code POST /} with {@code X-Amz-Target}) from the browser,
 * signed with SigV4 like any other client, so it can do nothing its user's keys could not.
 */
public final class ConsoleHandler extends Handler.Abstract {
  static final String PREFIX = "/console";
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9]+)+");
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "ico", "image/x-icon",
          "json", "application/json");

  private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    if (!path.equals(PREFIX) && !path.startsWith(PREFIX + "/")) return false;
    boolean head = HttpMethod.HEAD.is(request.getMethod());
    if (!HttpMethod.GET.is(request.getMethod()) && !head) {
      response.setStatus(405);
      response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
      callback.succeeded();
      return true;
    }
    if (path.equals(PREFIX)) {
      response.setStatus(302);
      response.getHeaders().put(HttpHeader.LOCATION, PREFIX + "/");
      callback.succeeded();
      return true;
    }
    String name = path.substring(PREFIX.length() + 1);
    if (name.isEmpty()) name = "index.html";
    byte[] body = SAFE_NAME.matcher(name).matches() ? load(name) : null;
    if (body == null) {
      Response.writeError(request, response, callback, 404);
      return true;
    }
    String ext = name.substring(name.lastIndexOf('.') + 1);
    response.setStatus(200);
    response
        .getHeaders()
        .put(HttpHeader.CONTENT_TYPE, TYPES.getOrDefault(ext, "application/octet-stream"));
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put("Referrer-Policy", "no-referrer");
    if (ext.equals("html")) {
      // the page runs only its own scripts and talks only to this server
      response
          .getHeaders()
          .put(
              "Content-Security-Policy",
              "default-src 'self'; img-src 'self' data:; "
                  + "style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'");
    }
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) body.length);
    response.write(true, head ? null : ByteBuffer.wrap(body), callback);
    return true;
  }

  private byte[] load(String name) {
    byte[] b = cache.get(name);
    if (b != null) return b;
    try (InputStream in = ConsoleHandler.class.getResourceAsStream("/console/" + name)) {
      if (in == null) return null;
      b = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    cache.put(name, b);
    return b;
  }
}
