package org.kith.graph.oidc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.kith.core.oidc.RelyingPartyGrant;
import org.kith.core.profile.ProfileObject;
import org.kith.graph.neo4j.DisclosureVersion;
import org.kith.graph.neo4j.GraphConnection;

/**
 * What userinfo reads, remembered between calls: live grants, and per consent instance and scopes what it
 * discloses (its owner, end date, shared objects and the verification records asked for). Each entry is tagged with
 * the {@link DisclosureVersion} read before the values were read (or, for a grant just started, before the
 * transaction that started it), and is served only while the version still shows that tag: the version moves on
 * every commit that may revoke a grant, end an instance or change what it shows, before that commit is
 * acknowledged. So no answer read before an acknowledged revocation or withdrawal is ever served after it. An
 * instance's end date is checked against the clock on every use. Only with the embedded database; with an external
 * server ({@link #of} without a version) nothing is kept. Thread-safe.
 */
final class DisclosureCache {
  /** Entries kept at most, per kind. */
  static final long MAX_ENTRIES = 50_000;

  private final @Nullable DisclosureVersion version;
  private final @Nullable Cache<String, TaggedGrant> grants;
  private final @Nullable Cache<Shown, Disclosed> disclosed;

  private record TaggedGrant(long tag, RelyingPartyGrant grant) {}

  private record Shown(String iId, Set<String> scopes) {}

  /** What instance {@code iId} showed its application {@code aId}; {@code endDate} null if open-ended. */
  record Disclosed(
      long tag,
      String aId,
      String ownerUId,
      @Nullable Instant endDate,
      List<ProfileObject> shared,
      List<ProfileObject> records) {}

  private DisclosureCache(@Nullable DisclosureVersion version) {
    this.version = version;
    this.grants =
        version == null ? null : Caffeine.newBuilder().maximumSize(MAX_ENTRIES).build();
    this.disclosed =
        version == null ? null : Caffeine.newBuilder().maximumSize(MAX_ENTRIES).build();
  }

  static DisclosureCache of(GraphConnection connection) {
    return new DisclosureCache(connection.disclosureVersion());
  }

  static DisclosureCache disabled() {
    return new DisclosureCache(null);
  }

  /** The version now, to take before a read (or a grant's start) and hand to a put; -1 if disabled. */
  long tag() {
    return version == null ? -1 : version.current();
  }

  void putGrant(long tag, RelyingPartyGrant grant) {
    if (grants != null) {
      grants.put(grant.grantId(), new TaggedGrant(tag, grant));
    }
  }

  /** The grant, if it was live when last read and nothing that may have revoked it has committed since. */
  @Nullable
  RelyingPartyGrant grant(String grantId) {
    TaggedGrant t = grants == null ? null : grants.getIfPresent(grantId);
    return t != null && t.tag() == tag() ? t.grant() : null;
  }

  void putDisclosed(String iId, Set<String> scopes, Disclosed d) {
    if (disclosed != null) {
      disclosed.put(new Shown(iId, Set.copyOf(scopes)), d);
    }
  }

  /**
   * What the grant's instance discloses, if it was read for the grant's application and scopes, nothing that may
   * change it has committed since, and its end date has not passed at {@code now}.
   */
  @Nullable
  Disclosed disclosed(RelyingPartyGrant grant, Instant now) {
    Disclosed d = disclosed == null
        ? null
        : disclosed.getIfPresent(new Shown(grant.iId(), Set.copyOf(grant.scopes())));
    if (d == null
        || d.tag() != tag()
        || !d.aId().equals(grant.aId())
        || (d.endDate() != null && !d.endDate().isAfter(now))) {
      return null;
    }
    return d;
  }
}
