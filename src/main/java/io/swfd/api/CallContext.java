package io.swfd.api;

import io.swfd.matching.ClientConnection;

/**
 * Who is calling and where: the region comes from the SigV4 credential scope (us-east-1 when the
 * request is unsigned), because SWF keeps all state per region. {@code caller} is who signed the
 * request and what they may do ({@link Caller#ANYONE} when the server has no credentials).
 */
public record CallContext(
    String region,
    String account,
    String requestId,
    String accessKeyId,
    ClientConnection connection,
    Caller caller) {
  public CallContext {
    if (caller == null) caller = Caller.ANYONE;
  }

  public CallContext(
      String region,
      String account,
      String requestId,
      String accessKeyId,
      ClientConnection connection) {
    this(region, account, requestId, accessKeyId, connection, Caller.ANYONE);
  }

  public static CallContext of(String region) {
    return new CallContext(region, null, "local", null, ClientConnection.DETACHED);
  }

  public CallContext withCaller(Caller c) {
    return new CallContext(region, account, requestId, accessKeyId, connection, c);
  }
}
