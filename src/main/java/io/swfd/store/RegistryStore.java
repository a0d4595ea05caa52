package io.swfd.store;

import java.util.List;
import java.util.Optional;

/**
 * Domains, types and domain tags. Every write is durable when the method returns. Checks that span
 * several rows (limits, existence) are made by the engine under its own lock; primary keys still
 * refuse duplicates, reported as {@code false}.
 */
public interface RegistryStore {
  Optional<Domain> findDomain(String region, String name);

  int countDomains(String region);

  /**
   * @return false when a domain of that name already exists in the region.
   */
  boolean insertDomain(Domain domain, List<ResourceTag> tags);

  void updateDomain(Domain domain);

  /**
   * Marks the domain deprecated and, in the same transaction, every type registered in it
   * (deprecated at {@code at}); types deprecated before keep their own deprecation date.
   */
  void deprecateDomain(String region, String name, java.time.Instant at);

  /** Domains of one status, ordered by name; {@code afterName} (exclusive) continues a page. */
  List<Domain> listDomains(
      String region, RegistrationStatus status, String afterName, boolean reverse, int limit);

  List<ResourceTag> tags(String region, String domain);

  void replaceTags(String region, String domain, List<ResourceTag> tags);

  Optional<RegisteredType> findType(TypeKey key);

  int countTypes(TypeKind kind, String region, String domain);

  /**
   * @return false when the (name, version) already exists in the domain.
   */
  boolean insertType(RegisteredType type);

  void updateType(RegisteredType type);

  void deleteType(TypeKey key);

  /**
   * Types of one kind and status ordered by (name, version); {@code name} filters to one name when
   * not null; {@code after} (exclusive, name and version) continues a page.
   */
  List<RegisteredType> listTypes(
      TypeKind kind,
      String region,
      String domain,
      RegistrationStatus status,
      String name,
      String[] after,
      boolean reverse,
      int limit);
}
