package org.kith.api.consent;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.core.consent.AccessApplication;
import org.kith.core.consent.ApplicationStore;
import org.kith.core.org.Organisation;
import org.kith.core.org.OrganisationStore;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The human names of applications, for the pages of a person who shared with them: each application's name and the
 * name of the organisation it belongs to, as its consent screen shows them to anyone signed in who has its id. One
 * lookup per distinct application of a listing, inside the server, so a page needs no call per row.
 */
@Component
final class ApplicationLabels {
  private final ApplicationStore apps;
  private final OrganisationStore orgs;

  ApplicationLabels(ApplicationStore apps, OrganisationStore orgs) {
    this.apps = apps;
    this.orgs = orgs;
  }

  /** An application as a person sees it named: its name and its organisation's name (none if it has none). */
  record Label(String name, @Nullable String organisation) {}

  /** The organisation an application belongs to, by name; empty if it belongs to none. */
  Mono<String> organisation(AccessApplication app) {
    String orgId = app.orgId();
    return orgId == null ? Mono.empty() : orgs.find(orgId).map(Organisation::name);
  }

  /** The labels of these applications; one that no longer exists has none. */
  Mono<Map<String, Label>> of(Collection<String> aIds) {
    return Flux.fromIterable(new LinkedHashSet<>(aIds))
        .concatMap(aId -> apps.find(aId)
            .flatMap(app -> organisation(app)
                .map(org -> new Label(app.name(), org))
                .defaultIfEmpty(new Label(app.name(), null)))
            .map(label -> Map.entry(aId, label)))
        .collectMap(Map.Entry::getKey, Map.Entry::getValue);
  }
}
