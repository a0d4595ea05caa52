package io.swfd.engine;

import io.swfd.run.Fault;
import io.swfd.store.Domain;
import io.swfd.store.RegisteredType;
import io.swfd.store.RegistrationStatus;
import io.swfd.store.RegistryStore;
import io.swfd.store.ResourceTag;
import io.swfd.store.TypeDefaults;
import io.swfd.store.TypeKey;
import io.swfd.store.TypeKind;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Domains, workflow and activity types, and domain tags, with SWF's rules and faults. Registration
 * checks (existence, limits) and the write happen under one lock so that two concurrent
 * registrations cannot both pass a limit.
 */
public final class Registry {
  public static final int MAX_DOMAINS_PER_REGION = 100;
  public static final int MAX_TYPES_PER_DOMAIN = 10_000;
  public static final int MAX_TAGS_PER_DOMAIN = 50;
  public static final int MAX_RETENTION_DAYS = 90;

  private final RegistryStore store;
  private final InstantSource clock;
  private final String account;
  private final Object writeLock = new Object();

  public Registry(RegistryStore store, InstantSource clock, String account) {
    this.store = store;
    this.clock = clock;
    this.account = account;
  }

  public String account() {
    return account;
  }

  // ---------------------------------------------------------------- domains

  public void registerDomain(
      String region,
      String name,
      String description,
      String retentionDays,
      List<ResourceTag> tags) {
    Names.check("name", name);
    checkRetention(retentionDays);
    checkTagCount(tags.size());
    synchronized (writeLock) {
      if (store.findDomain(region, name).isPresent()) throw Fault.domainAlreadyExists(name);
      if (store.countDomains(region) >= MAX_DOMAINS_PER_REGION) {
        throw Fault.limitExceeded(
            "Cannot register more than " + MAX_DOMAINS_PER_REGION + " domains");
      }
      Domain d =
          new Domain(
              region,
              name,
              RegistrationStatus.REGISTERED,
              description,
              retentionDays,
              clock.instant());
      boolean inserted = store.insertDomain(d, dedupe(tags));
      changed();
      if (!inserted) throw Fault.domainAlreadyExists(name);
    }
  }

  private static void checkRetention(String days) {
    if ("NONE".equals(days)) return;
    long v = Durations.parseSeconds(days);
    if (v < 0 || v > MAX_RETENTION_DAYS) {
      throw Fault.validation(
          "1 validation error detected: Value '"
              + days
              + "' at 'workflowExecutionRetentionPeriodInDays' failed to satisfy constraint: "
              + "Member must be a whole number of days between 0 and "
              + MAX_RETENTION_DAYS
              + " or NONE");
    }
  }

  public Domain describeDomain(String region, String name) {
    return store.findDomain(region, name).orElseThrow(() -> unknownDomain(name));
  }

  /**
   * The domain for work inside it (start, poll, ...): must exist. Served from a short-lived cache:
   * this is on every hot path, and domains change rarely (this node's own changes clear it at once;
   * another node's show within {@link #CACHE_TTL_NANOS}).
   */
  public Domain domain(String region, String name) {
    Cached<Domain> c = domains.get(region + '\u0000' + name);
    if (c != null && System.nanoTime() - c.loadedAt() < CACHE_TTL_NANOS) return c.value();
    Domain d = describeDomain(region, name);
    domains.put(region + '\u0000' + name, new Cached<>(d, System.nanoTime()));
    return d;
  }

  private static final long CACHE_TTL_NANOS = 1_000_000_000L;

  private record Cached<T>(T value, long loadedAt) {}

  private final java.util.concurrent.ConcurrentHashMap<String, Cached<Domain>> domains =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.ConcurrentHashMap<
          TypeKey, Cached<java.util.Optional<RegisteredType>>>
      types = new java.util.concurrent.ConcurrentHashMap<>();

  /** After any change here (or a reset of the whole store): the next read goes to the store. */
  public void changed() {
    domains.clear();
    types.clear();
  }

  public void deprecateDomain(String region, String name) {
    synchronized (writeLock) {
      Domain d = describeDomain(region, name);
      if (d.status() == RegistrationStatus.DEPRECATED) throw Fault.domainDeprecated(name);
      // API reference, DeprecateDomain: "Deprecating a domain also deprecates all activity and
      // workflow types registered in the domain." UndeprecateDomain leaves them deprecated.
      store.deprecateDomain(region, name, clock.instant());
      changed();
    }
  }

  public void undeprecateDomain(String region, String name) {
    synchronized (writeLock) {
      Domain d = describeDomain(region, name);
      if (d.status() == RegistrationStatus.REGISTERED) throw Fault.domainAlreadyExists(name);
      store.updateDomain(d.withStatus(RegistrationStatus.REGISTERED));
      changed();
    }
  }

  public List<Domain> listDomains(
      String region, RegistrationStatus status, String afterName, boolean reverse, int limit) {
    return store.listDomains(region, status, afterName, reverse, limit);
  }

  public String domainArn(String region, String name) {
    return "arn:aws:swf:" + region + ":" + account + ":/domain/" + name;
  }

  public static Fault unknownDomain(String name) {
    return Fault.unknownResource("Unknown domain: " + name);
  }

  // ---------------------------------------------------------------- tags

  public List<ResourceTag> listTags(String region, String arn) {
    return store.tags(region, domainOfArn(region, arn).name());
  }

  public void tagResource(String region, String arn, List<ResourceTag> tags) {
    synchronized (writeLock) {
      Domain d = domainOfArn(region, arn);
      Map<String, ResourceTag> merged = new LinkedHashMap<>();
      for (ResourceTag t : store.tags(region, d.name())) merged.put(t.key(), t);
      for (ResourceTag t : tags) merged.put(t.key(), t);
      checkTagCount(merged.size());
      store.replaceTags(region, d.name(), List.copyOf(merged.values()));
    }
  }

  public void untagResource(String region, String arn, List<String> keys) {
    synchronized (writeLock) {
      Domain d = domainOfArn(region, arn);
      List<ResourceTag> kept =
          store.tags(region, d.name()).stream().filter(t -> !keys.contains(t.key())).toList();
      store.replaceTags(region, d.name(), kept);
    }
  }

  private static void checkTagCount(int n) {
    if (n > MAX_TAGS_PER_DOMAIN) {
      throw Fault.tooManyTags("A domain cannot have more than " + MAX_TAGS_PER_DOMAIN + " tags");
    }
  }

  private static List<ResourceTag> dedupe(List<ResourceTag> tags) {
    Map<String, ResourceTag> m = new LinkedHashMap<>();
    for (ResourceTag t : tags) m.put(t.key(), t);
    return List.copyOf(m.values());
  }

  /** Resolves {@code arn:aws:swf:<region>:<account>:/domain/<name>}; anything else is unknown. */
  private Domain domainOfArn(String region, String arn) {
    String prefix = "arn:aws:swf:" + region + ":" + account + ":/domain/";
    if (!arn.startsWith(prefix) || arn.length() == prefix.length()) {
      throw Fault.unknownResource("Unknown resource: " + arn);
    }
    String name = arn.substring(prefix.length());
    return store
        .findDomain(region, name)
        .orElseThrow(() -> Fault.unknownResource("Unknown resource: " + arn));
  }

  // ---------------------------------------------------------------- types

  public void registerType(TypeKey key, String description, TypeDefaults defaults) {
    Names.check("name", key.name());
    Names.check("version", key.version());
    synchronized (writeLock) {
      Domain d = domain(key.region(), key.domain());
      if (d.status() == RegistrationStatus.DEPRECATED) throw Fault.domainDeprecated(d.name());
      if (store.findType(key).isPresent()) throw Fault.typeAlreadyExists(key.describe());
      if (store.countTypes(key.kind(), key.region(), key.domain()) >= MAX_TYPES_PER_DOMAIN) {
        throw Fault.limitExceeded(
            "Cannot register more than "
                + MAX_TYPES_PER_DOMAIN
                + " "
                + (key.kind() == TypeKind.WORKFLOW ? "workflow" : "activity")
                + " types in a domain");
      }
      RegisteredType t =
          new RegisteredType(
              key, RegistrationStatus.REGISTERED, description, clock.instant(), null, defaults);
      boolean inserted = store.insertType(t);
      changed();
      if (!inserted) throw Fault.typeAlreadyExists(key.describe());
    }
  }

  public RegisteredType describeType(TypeKey key) {
    domain(key.region(), key.domain());
    return store.findType(key).orElseThrow(() -> unknownType(key));
  }

  /** The type if it exists, for decisions that turn a missing type into a failure cause. */
  public java.util.Optional<RegisteredType> findType(TypeKey key) {
    Cached<java.util.Optional<RegisteredType>> c = types.get(key);
    if (c != null && System.nanoTime() - c.loadedAt() < CACHE_TTL_NANOS) return c.value();
    java.util.Optional<RegisteredType> t = store.findType(key);
    types.put(key, new Cached<>(t, System.nanoTime()));
    return t;
  }

  public void deprecateType(TypeKey key) {
    synchronized (writeLock) {
      RegisteredType t = describeType(key);
      if (t.status() == RegistrationStatus.DEPRECATED) throw Fault.typeDeprecated(key.describe());
      store.updateType(t.withStatus(RegistrationStatus.DEPRECATED, clock.instant()));
      changed();
    }
  }

  public void undeprecateType(TypeKey key) {
    synchronized (writeLock) {
      RegisteredType t = describeType(key);
      if (t.status() == RegistrationStatus.REGISTERED)
        throw Fault.typeAlreadyExists(key.describe());
      store.updateType(t.withStatus(RegistrationStatus.REGISTERED, null));
      changed();
    }
  }

  public void deleteType(TypeKey key) {
    synchronized (writeLock) {
      RegisteredType t = describeType(key);
      if (t.status() != RegistrationStatus.DEPRECATED) {
        throw Fault.typeNotDeprecated(
            "The type is currently registered and cannot be deleted in its current state: "
                + key.describe());
      }
      store.deleteType(key);
      changed();
    }
  }

  public List<RegisteredType> listTypes(
      TypeKind kind,
      String region,
      String domain,
      RegistrationStatus status,
      String name,
      String[] after,
      boolean reverse,
      int limit) {
    domain(region, domain);
    return store.listTypes(kind, region, domain, status, name, after, reverse, limit);
  }

  public static Fault unknownType(TypeKey key) {
    return Fault.unknownResource("Unknown type: " + key.describe());
  }
}
