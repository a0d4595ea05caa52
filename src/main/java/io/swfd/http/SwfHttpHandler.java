package io.swfd.http;

import io.swfd.api.CallContext;
import io.swfd.api.SwfApi;
import io.swfd.api.SwfFault;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * The only place that knows Jetty: reads the request, hands it to {@link SwfApi}, and writes the
 * answer when it is ready (long polls answer later, from another thread, holding no thread while
 * they wait).
 */
public final class SwfHttpHandler extends Handler.Abstract {
    public static final int MAX_REQUEST_BYTES = 1024 * 1024;
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";

    private final SwfApi api;
    private final String account;
    private final BooleanSupplier healthy;

    public SwfHttpHandler(SwfApi api, String account, BooleanSupplier healthy) {
        this.api = api;
        this.account = account;
        this.healthy = healthy;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String requestId = UUID.randomUUID().toString();
        response.getHeaders().put("x-amzn-RequestId", requestId);
        if (HttpMethod.GET.is(request.getMethod()) && path.equals("/health")) {
            response.setStatus(healthy.getAsBoolean() ? 200 : 503);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.write(true, utf8(healthy.getAsBoolean() ? "{\"status\":\"ok\"}" : "{\"status\":\"starting\"}"), callback);
            return true;
        }
        if (!HttpMethod.POST.is(request.getMethod()) || !path.equals("/")) {
            return false; // 404 from Jetty
        }
        long declared = request.getLength();
        if (declared > MAX_REQUEST_BYTES) {
            send(response, callback, SwfApi.error(tooLarge()));
            return true;
        }
        String target = request.getHeaders().get("X-Amz-Target");
        CallContext ctx = new CallContext(SigV4Scope.region(request.getHeaders().get(HttpHeader.AUTHORIZATION)),
                account, requestId, SigV4Scope.accessKeyId(request.getHeaders().get(HttpHeader.AUTHORIZATION)),
                new JettyClientConnection(request));
        Content.Source.asByteArrayAsync(request, MAX_REQUEST_BYTES).whenComplete((body, readFailure) -> {
            if (readFailure != null) {
                send(response, callback, SwfApi.error(tooLarge()));
                return;
            }
            api.call(target, body, ctx).whenComplete((r, t) -> {
                if (t != null) send(response, callback, SwfApi.error(SwfFault.internal("Internal failure")));
                else send(response, callback, r);
            });
        });
        return true;
    }

    private static SwfFault tooLarge() {
        return SwfFault.requestTooLarge("Request size exceeds the limit of " + MAX_REQUEST_BYTES + " bytes");
    }

    private static void send(Response response, Callback callback, SwfApi.Response r) {
        response.setStatus(r.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        if (r.errorName() != null) response.getHeaders().put("x-amzn-query-error", r.errorName() + ";Sender");
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
