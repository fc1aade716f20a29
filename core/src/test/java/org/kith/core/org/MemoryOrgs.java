package org.kith.core.org;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.kith.core.audit.AuditEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** An in-memory {@link OrganisationStore} for the service's tests: what the service wrote, where a test can look. */
final class MemoryOrgs implements OrganisationStore {
  final Map<String, Organisation> orgs = new HashMap<>();
  final Map<String, String> roles = new HashMap<>();
  final Map<String, Instant> invitations = new HashMap<>();
  final Map<String, ShortLink> links = new HashMap<>();
  final Map<String, ApplicationRequest> requests = new HashMap<>();
  final Map<String, Domain> domains = new HashMap<>();
  Instant expiredBefore = Instant.MIN;

  @org.jspecify.annotations.Nullable
  BiFunction<String, String, AuditEvent> expiredEvent;

  @Override
  public Mono<Organisation> create(Organisation org, String adminUId, List<AuditEvent> audit) {
    return Mono.fromCallable(() -> {
      orgs.put(org.orgId(), org);
      roles.put(org.orgId() + "/" + adminUId, "admin");
      return org;
    });
  }

  @Override
  public Mono<Organisation> find(String orgId) {
    return Mono.defer(() -> Mono.justOrEmpty(orgs.get(orgId)));
  }

  @Override
  public Mono<Organisation> update(Organisation org, List<AuditEvent> audit) {
    return Mono.fromCallable(() -> {
      orgs.put(org.orgId(), org);
      return org;
    });
  }

  @Override
  public Mono<String> role(String orgId, String uId) {
    return Mono.defer(() -> Mono.justOrEmpty(roles.get(orgId + "/" + uId)));
  }

  /** Owners by organisation. */
  final Map<String, String> owners = new HashMap<>();

  @Override
  public Flux<Member> members(
      String orgId, @org.jspecify.annotations.Nullable After after, int limit) {
    return Flux.defer(() -> Flux.fromIterable(List.copyOf(roles.entrySet()))
        .filter(e -> e.getKey().startsWith(orgId + "/"))
        .map(e -> {
          String uId = e.getKey().substring(orgId.length() + 1);
          return new Member(uId, uId, "admin".equals(e.getValue()), uId.equals(owners.get(orgId)));
        }));
  }

  @Override
  public Flux<String> organisationsOf(
      String uId, @org.jspecify.annotations.Nullable String afterOrgId, int limit) {
    return Flux.defer(() -> Flux.fromIterable(List.copyOf(roles.keySet()))
        .filter(k -> k.endsWith("/" + uId))
        .map(k -> k.substring(0, k.indexOf('/')))
        .filter(o -> afterOrgId == null || o.compareTo(afterOrgId) > 0)
        .sort()
        .take(limit));
  }

  @Override
  public Mono<Boolean> setRole(String orgId, String uId, boolean admin, List<AuditEvent> audit) {
    return Mono.fromCallable(() -> {
      String key = orgId + "/" + uId;
      if (!roles.containsKey(key) || uId.equals(owners.get(orgId))) {
        return false;
      }
      roles.put(key, admin ? "admin" : "member");
      return true;
    });
  }

  @Override
  public Mono<Boolean> removeMember(String orgId, String uId, List<AuditEvent> audit) {
    return Mono.fromCallable(
        () -> !uId.equals(owners.get(orgId)) && roles.remove(orgId + "/" + uId) != null);
  }

  @Override
  public Mono<Boolean> transferOwnership(
      String orgId, String fromUId, String toUId, List<AuditEvent> audit) {
    return Mono.fromCallable(() -> {
      if (!fromUId.equals(owners.get(orgId)) || !roles.containsKey(orgId + "/" + toUId)) {
        return false;
      }
      owners.put(orgId, toUId);
      roles.put(orgId + "/" + toUId, "admin");
      return true;
    });
  }

  @Override
  public Mono<Void> invite(
      String orgId, String email, String codeHash, Instant expiresAt, List<AuditEvent> audit) {
    return Mono.fromRunnable(() -> invitations.put(codeHash + "/" + email, expiresAt));
  }

  @Override
  public Mono<Boolean> redeem(
      String codeHash, String email, String uId, Instant now, List<AuditEvent> audit) {
    return Mono.fromCallable(() -> {
      Instant expires = invitations.remove(codeHash + "/" + email);
      return expires != null && now.isBefore(expires);
    });
  }

  @Override
  public Mono<Boolean> invited(String codeHash, String email, Instant now) {
    return Mono.fromCallable(() -> {
      Instant expires = invitations.get(codeHash + "/" + email);
      return expires != null && now.isBefore(expires);
    });
  }

  @Override
  public Mono<Void> createLink(ShortLink link, List<AuditEvent> audit) {
    return Mono.fromRunnable(() -> links.put(link.linkId(), link));
  }

  @Override
  public Mono<Boolean> createPersonalLink(ShortLink link, int max, List<AuditEvent> audit) {
    return Mono.fromCallable(() -> {
      long held = links.values().stream()
          .filter(l -> java.util.Objects.equals(link.ownerUId(), l.ownerUId()))
          .count();
      if (held >= max) {
        return false;
      }
      links.put(link.linkId(), link);
      return true;
    });
  }

  @Override
  public Mono<ShortLink> findLink(String linkId) {
    return Mono.defer(() -> Mono.justOrEmpty(links.get(linkId)));
  }

  @Override
  public reactor.core.publisher.Flux<ShortLink> personalLinks(String uId, int max) {
    return reactor.core.publisher.Flux.defer(
        () -> reactor.core.publisher.Flux.fromIterable(links.values().stream()
            .filter(l -> uId.equals(l.ownerUId()))
            .sorted(java.util.Comparator.comparing(ShortLink::createdAt))
            .limit(max)
            .toList()));
  }

  @Override
  public Mono<Void> createRequest(ApplicationRequest request, List<AuditEvent> audit) {
    return Mono.fromRunnable(() -> requests.put(request.shortCode(), request));
  }

  @Override
  public Mono<ApplicationRequest> findRequest(String orgId, String shortCode) {
    return Mono.defer(() -> Mono.justOrEmpty(requests.get(shortCode)))
        .filter(r -> r.orgId().equals(orgId));
  }

  @Override
  public Flux<ApplicationRequest> requests(String orgId, int limit) {
    return Flux.fromIterable(requests.values()).take(limit);
  }

  @Override
  public Mono<Void> setRequestState(
      String orgId, String shortCode, String state, Instant now, List<AuditEvent> audit) {
    return Mono.fromRunnable(() -> {
      ApplicationRequest r = requests.get(shortCode);
      requests.put(
          shortCode,
          new ApplicationRequest(
              r.shortCode(),
              r.orgId(),
              r.email(),
              r.pageLink(),
              r.source(),
              r.aId(),
              r.aaName(),
              state,
              r.createdAt(),
              now));
    });
  }

  @Override
  public Mono<Long> expireRequests(Instant cutoff, BiFunction<String, String, AuditEvent> expired) {
    return Mono.fromCallable(() -> {
      expiredBefore = cutoff;
      expiredEvent = expired;
      return 1L;
    });
  }

  @Override
  public Mono<Domain> saveDomain(Domain domain, List<AuditEvent> audit) {
    return Mono.fromCallable(() -> {
      domains.put(domain.domain(), domain);
      return domain;
    });
  }

  @Override
  public Mono<Domain> findDomain(String orgId, String domain) {
    return Mono.defer(() -> Mono.justOrEmpty(domains.get(domain)))
        .filter(d -> d.orgId().equals(orgId));
  }
}
