package io.swfd.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * A minimal blocking HTTP/1.1 client: one keep-alive connection per calling thread, a request
 * written in one go, a response read by Content-Length. It costs a fraction of the JDK client's CPU
 * per request, which matters when the load generator shares a small machine with the server ({@code
 * --http-client raw}). Only what SWF endpoints answer is supported: no chunked bodies, no
 * redirects, no TLS.
 */
final class RawHttp implements AutoCloseable {
  // a response goes from the socket to the parser and is never compared or hashed, so the array's
  // identity-based equals does not matter
  @SuppressWarnings("ArrayRecordComponent")
  record Response(int status, byte[] body) {}

  private final String host;
  private final int port;
  private final byte[] hostHeader;

  // per instance on purpose: a calling thread keeps one connection per endpoint (per RawHttp), and
  // close() closes them all through `all`
  @SuppressWarnings("ThreadLocalUsage")
  private final ThreadLocal<Conn> conns = new ThreadLocal<>();

  private final java.util.Set<Conn> all = java.util.concurrent.ConcurrentHashMap.newKeySet();

  RawHttp(URI uri) {
    this.host = uri.getHost();
    this.port = uri.getPort() > 0 ? uri.getPort() : 80;
    this.hostHeader = ("Host: " + host + ":" + port + "\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  private static final class Conn {
    final Socket socket;
    final InputStream in;
    final OutputStream out;
    boolean used;

    Conn(Socket s) throws IOException {
      socket = s;
      in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
      out = new BufferedOutputStream(s.getOutputStream(), 16 * 1024);
    }

    void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  private Conn conn() throws IOException {
    Conn c = conns.get();
    if (c != null && !c.socket.isClosed()) return c;
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.connect(new InetSocketAddress(host, port), 30_000);
    c = new Conn(s);
    conns.set(c);
    all.add(c);
    return c;
  }

  private void drop(Conn c) {
    c.close();
    all.remove(c);
    if (conns.get() == c) conns.remove();
  }

  /**
   * Sends one request on this thread's connection and reads the answer. While waiting, every 250 ms
   * {@code abandon} is asked whether to give up (then null is returned and the connection closed).
   */
  Response send(byte[] head, byte[] body, BooleanSupplier abandon) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Conn c = conn();
      boolean reused = c.used;
      try {
        c.out.write(head);
        c.out.write(hostHeader);
        c.out.write(
            ("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        c.out.write(body);
        c.out.flush();
        c.used = true;
        c.socket.setSoTimeout(abandon == null ? 120_000 : 250);
        Response r = read(c, abandon);
        if (r == null) drop(c);
        return r;
      } catch (IOException e) {
        drop(c);
        // a kept-alive connection the server had already closed: once more on a new one
        if (reused && attempt == 0 && !(e instanceof SocketTimeoutException)) continue;
        throw e;
      }
    }
  }

  private Response read(Conn c, BooleanSupplier abandon) throws IOException {
    String status = line(c, abandon, true);
    if (status == null) return null;
    int sp = status.indexOf(' ');
    int code = Integer.parseInt(status.substring(sp + 1, sp + 4));
    int length = -1;
    boolean close = status.startsWith("HTTP/1.0");
    while (true) {
      String h = line(c, abandon, false);
      if (h == null) return null;
      if (h.isEmpty()) break;
      int colon = h.indexOf(':');
      if (colon < 0) continue;
      String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = h.substring(colon + 1).trim();
      if (name.equals("content-length")) length = Integer.parseInt(value);
      else if (name.equals("connection")) close = value.equalsIgnoreCase("close");
      else if (name.equals("transfer-encoding"))
        throw new IOException("chunked answers are not supported");
    }
    byte[] body;
    if (length >= 0) {
      body = new byte[length];
      int off = 0;
      while (off < length) {
        int n;
        try {
          n = c.in.read(body, off, length - off);
        } catch (SocketTimeoutException t) {
          continue;
        }
        if (n < 0) throw new IOException("connection closed in the body");
        off += n;
      }
    } else {
      body = c.in.readAllBytes();
      close = true;
    }
    if (close) drop(c);
    return new Response(code, body);
  }

  /** One header line, or null when abandoned while waiting for the first byte of the answer. */
  private static String line(Conn c, BooleanSupplier abandon, boolean first) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(64);
    while (true) {
      int ch;
      try {
        ch = c.in.read();
      } catch (SocketTimeoutException t) {
        if (first && b.size() == 0 && abandon != null && abandon.getAsBoolean()) return null;
        continue;
      }
      if (ch < 0) {
        if (first && b.size() == 0)
          throw new IOException("HTTP/1.1 connection closed before an answer");
        throw new IOException("connection closed in the headers");
      }
      if (ch == '\n') {
        int n = b.size();
        byte[] bytes = b.toByteArray();
        return new String(
            bytes, 0, n > 0 && bytes[n - 1] == '\r' ? n - 1 : n, StandardCharsets.ISO_8859_1);
      }
      b.write(ch);
    }
  }

  @Override
  public void close() {
    for (Conn c : all) c.close();
    all.clear();
  }
}
