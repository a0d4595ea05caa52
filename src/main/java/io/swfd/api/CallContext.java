package io.swfd.api;

/**
 * Who is calling and where: the region comes from the SigV4 credential scope (us-east-1 when the
 * request is unsigned), because SWF keeps all state per region.
 */
public record CallContext(String region, String account, String requestId, String accessKeyId,
                          ClientConnection connection) {
    public static CallContext of(String region) {
        return new CallContext(region, null, "local", null, ClientConnection.DETACHED);
    }
}
