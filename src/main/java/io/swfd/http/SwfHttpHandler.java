package io.swfd.http;

import io.swfd.api.CallContext;
import io.swfd.api.SwfApi;
import io.swfd.api.SwfFault;
import io.swfd.auth.SigV4Verifier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The only place that knows Jetty: reads the request, hands it to {@link SwfApi}, and writes the
 * answer when it is ready (long polls answer later, from another thread, holding no thread while
 * they wait).
 */
public final class SwfHttpHandler extends Handler.Abstract {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(SwfHttpHandler.class);
  public static final int MAX_REQUEST_BYTES = 1024 * 1024;

  /**
   * How much of a body over the limit is read and thrown away before answering: answering before
   * the client has sent everything makes Jetty close the connection while the client is still
   * writing, and the client then sees a broken pipe instead of the 413.
   */
  static final long MAX_DISCARDED_BYTES = 16L * 1024 * 1024;

  private static final String CONTENT_TYPE = "application/x-amz-json-1.0";

  private final SwfApi api;
  private final String account;
  private final BooleanSupplier healthy;

  /** The cluster's secret (calls forwarded by other nodes carry it); null: not in a cluster. */
  private volatile String clusterSecret;

  /** Accepts calls forwarded by the other nodes of a cluster that present {@code secret}. */
  public void clusterChannel(String secret) {
    this.clusterSecret = secret;
  }

  /** Checks SigV4 signatures when credentials are configured; null: requests need no signature. */
  private final SigV4Verifier verifier;

  public SwfHttpHandler(SwfApi api, String account, BooleanSupplier healthy) {
    this(api, account, healthy, null);
  }

  public SwfHttpHandler(
      SwfApi api, String account, BooleanSupplier healthy, SigV4Verifier verifier) {
    this.api = api;
    this.account = account;
    this.healthy = healthy;
    this.verifier = verifier;
  }

  /**
   * Never lets an error reach Jetty: a bug anywhere below answers SWF's {@code InternalFailure}
   * (HTTP 500, the AWS JSON error body) and is logged once, here.
   */
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    try {
      return route(request, response, callback);
    } catch (RuntimeException | Error e) {
      return internalFailure(response, callback, e);
    }
  }

  private boolean internalFailure(Response response, Callback callback, Throwable t) {
    log.error("internal failure while handling a request", t);
    if (response.isCommitted()) {
      callback.failed(t);
    } else {
      send(response, callback, SwfApi.error(SwfFault.internal("Internal failure")));
    }
    return true;
  }

  private boolean route(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    String requestId = requestId();
    response.getHeaders().put("x-amzn-RequestId", requestId);
    if (HttpMethod.GET.is(request.getMethod()) && path.equals("/health")) {
      response.setStatus(healthy.getAsBoolean() ? 200 : 503);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      response.write(
          true,
          utf8(healthy.getAsBoolean() ? "{\"status\":\"ok\"}" : "{\"status\":\"starting\"}"),
          callback);
      return true;
    }
    if (!HttpMethod.POST.is(request.getMethod()) || !path.equals("/")) {
      return false; // 404 from Jetty
    }
    long declared = request.getLength();
    if (declared > MAX_REQUEST_BYTES + MAX_DISCARDED_BYTES) {
      // hopelessly large: answer at once (Jetty then closes the connection under the sender)
      send(response, callback, SwfApi.error(tooLarge()));
      return true;
    }
    String target = request.getHeaders().get("X-Amz-Target");
    SigV4Scope scope = SigV4Scope.of(request.getHeaders().get(HttpHeader.AUTHORIZATION));
    CallContext ctx =
        new CallContext(
            scope.region(),
            account,
            requestId,
            scope.accessKeyId(),
            new JettyClientConnection(request));
    var unused =
        new BodyReader(request, MAX_REQUEST_BYTES)
            .read()
            .whenComplete(
                (body, readFailure) -> {
                  if (readFailure != null) {
                    // too large, or the body could not be read (client gone, idle timeout, broken
                    // chunking)
                    send(
                        response,
                        callback,
                        SwfApi.error(
                            readFailure instanceof SwfFault f
                                ? f
                                : SwfFault.serialization("Could not read the request body")));
                    return;
                  }
                  try {
                    String presented =
                        request.getHeaders().get(io.swfd.cluster.Forwarder.SECRET_HEADER);
                    if (presented != null) {
                      internalChannel(request, response, callback, target, body, presented);
                      return;
                    }
                    CallContext signed = ctx;
                    SigV4Verifier.Request signedRequest =
                        new SigV4Verifier.Request(
                            request.getMethod(),
                            request.getHttpURI().getPath(),
                            request.getHttpURI().getQuery(),
                            name -> request.getHeaders().getValuesList(name),
                            body);
                    try {
                      if (verifier != null) signed = ctx.withCaller(verifier.verify(signedRequest));
                      // without credentials any key and signature will do, but not a malformed
                      // header
                      else SigV4Verifier.checkWellFormed(signedRequest);
                    } catch (SwfFault f) {
                      send(response, callback, SwfApi.error(f));
                      return;
                    }
                    var unusedAnswer =
                        api.call(target, body, signed)
                            .whenComplete(
                                (r, t) -> {
                                  if (t != null) internalFailure(response, callback, t);
                                  else send(response, callback, r);
                                });
                  } catch (RuntimeException | Error e) {
                    internalFailure(response, callback, e);
                  }
                });
    return true;
  }

  /**
   * A call on the cluster's internal channel: another node checked its signature and policy and
   * forwards it here, the owner. Refused (403) unless it presents the cluster's secret.
   */
  private void internalChannel(
      Request request,
      Response response,
      Callback callback,
      String target,
      byte[] body,
      String presented) {
    if (!io.swfd.cluster.Forwarder.matches(clusterSecret, presented)) {
      send(
          response,
          callback,
          SwfApi.error(
              SwfFault.accessDenied(
                  "The cluster's internal channel is for the nodes of the cluster")));
      return;
    }
    CallContext inner =
        new CallContext(
            request.getHeaders().get(io.swfd.cluster.Forwarder.REGION_HEADER),
            account,
            response.getHeaders().get("x-amzn-RequestId"),
            null,
            new JettyClientConnection(request),
            io.swfd.api.Caller.CLUSTER);
    var unusedAnswer =
        api.call(target, body, inner)
            .whenComplete(
                (r, t) -> {
                  if (t != null) internalFailure(response, callback, t);
                  else send(response, callback, r);
                });
  }

  /**
   * Reads the whole body, up to {@code max} bytes. A longer body is read on and thrown away (up to
   * {@link #MAX_DISCARDED_BYTES}) and then refused with RequestEntityTooLarge, so that the client
   * gets to read the answer. It never fails the request's content source: {@code
   * Content.Source.asByteArrayAsync} with a limit does, after its promise completed, i.e. after the
   * response was sent and the request recycled, which makes Jetty log a NullPointerException.
   */
  private static final class BodyReader implements Runnable {
    private final Request request;
    private final int max;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private byte[] bytes = new byte[1024];
    private int size;
    private long discarded = -1; // >= 0 once the body is known to be too large

    BodyReader(Request request, int max) {
      this.request = request;
      this.max = max;
    }

    CompletableFuture<byte[]> read() {
      run();
      return result;
    }

    @Override
    public void run() {
      while (true) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          request.demand(this);
          return;
        }
        if (Content.Chunk.isFailure(chunk)) {
          result.completeExceptionally(chunk.getFailure());
          return;
        }
        ByteBuffer b = chunk.getByteBuffer();
        int n = b.remaining();
        boolean last = chunk.isLast();
        if (discarded < 0 && n > max - size) discarded = size; // too large from here on
        if (discarded >= 0) {
          discarded += n;
          chunk.release();
          if (last || discarded > MAX_DISCARDED_BYTES) {
            result.completeExceptionally(tooLarge());
            return;
          }
          continue;
        }
        if (size + n > bytes.length)
          bytes = Arrays.copyOf(bytes, Math.max(size + n, Math.min(max, bytes.length * 2)));
        b.get(bytes, size, n);
        size += n;
        chunk.release();
        if (last) {
          result.complete(Arrays.copyOf(bytes, size));
          return;
        }
      }
    }
  }

  /**
   * A random (version 4) UUID like AWS's request ids, drawn from a per-thread generator: an id only
   * has to be unique, and {@code UUID.randomUUID()} draws from the shared SecureRandom.
   */
  static String requestId() {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  private static SwfFault tooLarge() {
    return SwfFault.requestTooLarge(
        "Request size exceeds the limit of " + MAX_REQUEST_BYTES + " bytes");
  }

  private static void send(Response response, Callback callback, SwfApi.Response r) {
    response.setStatus(r.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
    if (r.errorName() != null)
      response.getHeaders().put("x-amzn-query-error", r.errorName() + ";Sender");
    if (r.body() == null) {
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
      response.write(true, null, callback);
    } else {
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) r.body().length);
      response.write(true, ByteBuffer.wrap(r.body()), callback);
    }
  }

  private static ByteBuffer utf8(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }
}
