package io.swfd.store;

import java.time.Instant;

public record RegisteredType(
    TypeKey key,
    RegistrationStatus status,
    String description,
    Instant creationDate,
    Instant deprecationDate,
    TypeDefaults defaults) {
  public RegisteredType withStatus(RegistrationStatus s, Instant deprecatedAt) {
    return new RegisteredType(key, s, description, creationDate, deprecatedAt, defaults);
  }
}
