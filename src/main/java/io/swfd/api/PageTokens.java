package io.swfd.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque, tamper-proof page tokens: the position to continue from, the action it belongs to and
 * when it was issued, sealed with an HMAC under a key kept in the store (so tokens stay valid
 * across restarts). A forged or altered token is "Invalid token"; one older than 24 hours
 * "Specified token has exceeded its maximum lifetime", both ValidationException as on SWF.
 */
public final class PageTokens {
  public static final Duration LIFETIME = Duration.ofHours(24);
  private static final int MAC_BYTES = 16;

  private final byte[] key;
  private final InstantSource clock;

  public PageTokens(byte[] key, InstantSource clock) {
    this.key = key.clone();
    this.clock = clock;
  }

  public String seal(String action, List<String> position) {
    ArrayNode a = Json.array().add(action).add(clock.millis());
    position.forEach(a::add);
    byte[] payload = a.toString().getBytes(StandardCharsets.UTF_8);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString(payload) + "." + b64.encodeToString(mac(payload));
  }

  /** The position sealed in a token of this action. */
  public List<String> open(String action, String token) {
    try {
      int dot = token.indexOf('.');
      if (dot < 0) throw invalid();
      byte[] payload = Base64.getUrlDecoder().decode(token.substring(0, dot));
      byte[] mac = Base64.getUrlDecoder().decode(token.substring(dot + 1));
      if (!MessageDigest.isEqual(mac, mac(payload))) throw invalid();
      JsonNode a = Json.MAPPER.readTree(payload);
      if (!a.isArray() || a.size() < 2 || !action.equals(a.get(0).asText())) throw invalid();
      if (clock.millis() - a.get(1).asLong() > LIFETIME.toMillis()) {
        throw SwfFault.validation("Specified token has exceeded its maximum lifetime");
      }
      List<String> out = new ArrayList<>();
      for (int i = 2; i < a.size(); i++) out.add(a.get(i).isNull() ? null : a.get(i).asText());
      return out;
    } catch (SwfFault f) {
      throw f;
    } catch (Exception e) {
      throw invalid();
    }
  }

  private static SwfFault invalid() {
    return SwfFault.validation("Invalid token");
  }

  private byte[] mac(byte[] payload) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      return Arrays.copyOf(m.doFinal(payload), MAC_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
