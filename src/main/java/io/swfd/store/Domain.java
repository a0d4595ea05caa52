package io.swfd.store;

import java.time.Instant;

/** A registered SWF domain; names are unique per region (registered and deprecated alike). */
public record Domain(
    String region,
    String name,
    RegistrationStatus status,
    String description,
    String retentionDays,
    Instant createdAt) {
  public Domain withStatus(RegistrationStatus s) {
    return new Domain(region, name, s, description, retentionDays, createdAt);
  }
}
