package org.kith.api.org;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.core.org.ApplicationRequest;
import org.kith.core.org.Domain;
import org.kith.core.org.Organisation;
import org.kith.core.org.OrganisationStore;
import org.kith.core.org.PostalAddress;
import org.kith.core.org.ShortLink;

/** Response bodies of the /v1/org and /v1/links routes (snake_case by the application's naming strategy). */
final class OrganisationResponses {
  private OrganisationResponses() {}

  /** The organisations the caller belongs to. */
  record MyOrganisations(
      String user,
      List<String> organizations,
      String message,

      @com.fasterxml.jackson.annotation.JsonInclude(
          com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
      @Nullable
      String nextCursor) {}

  /** An organisation. */
  record OrganisationView(
      String orgId,
      String name,
      String email,
      @Nullable PostalAddress address,
      @Nullable String customer,
      String createdAt) {
    static OrganisationView of(Organisation o) {
      return new OrganisationView(
          o.orgId(),
          o.name(),
          o.email(),
          o.address(),
          o.customer(),
          o.createdAt().toString());
    }
  }

  /** A member of an organisation. */
  record MemberView(String uId, String username, boolean admin, boolean owner) {
    static MemberView of(OrganisationStore.Member m) {
      return new MemberView(m.uId(), m.username(), m.admin(), m.owner());
    }
  }

  /** A member of an organisation and their role in it: {@code owner}, {@code admin} or {@code member}. */
  record MemberRoleView(String uId, String username, String role) {
    static MemberRoleView of(OrganisationStore.Member m) {
      return new MemberRoleView(
          m.uId(), m.username(), m.owner() ? "owner" : m.admin() ? "admin" : "member");
    }
  }

  /** An organisation with its members, and the {@code u_id}s of its admins. */
  record OrganisationDetail(
      String orgId,
      String name,
      String email,
      @Nullable PostalAddress address,
      @Nullable String customer,
      String createdAt,
      List<MemberView> members,
      List<String> admins) {
    static OrganisationDetail of(Organisation o, List<MemberView> members) {
      return new OrganisationDetail(
          o.orgId(),
          o.name(),
          o.email(),
          o.address(),
          o.customer(),
          o.createdAt().toString(),
          members,
          members.stream().filter(MemberView::admin).map(MemberView::uId).toList());
    }
  }

  /** A short link; {@code short_link} is its path here. */
  record ShortLinkView(
      String linkId, String shortLink, String url, @Nullable String description, boolean persist) {
    static ShortLinkView of(ShortLink l) {
      return new ShortLinkView(
          l.linkId(), "/v1/links/" + l.linkId(), l.url(), l.description(), l.persist());
    }
  }

  /** A request that someone apply through an onboarding page. */
  record ApplicationRequestView(
      String shortCode,
      String email,
      String pageLink,
      @Nullable String source,
      @Nullable String aId,
      @Nullable String aaName,

      @Schema(description = "sent, resend, deleted or complete")
      String state,

      String createdAt,
      String updatedAt) {
    static ApplicationRequestView of(ApplicationRequest r) {
      return new ApplicationRequestView(
          r.shortCode(),
          r.email(),
          r.pageLink(),
          r.source(),
          r.aId(),
          r.aaName(),
          r.state(),
          r.createdAt().toString(),
          r.updatedAt().toString());
    }
  }

  /** A white-label domain: how an organisation's onboarding pages look there. */
  record DomainView(
      String domain,
      String name,
      @Schema(description = "free-form theme settings") Map<String, Object> theme,
      @Nullable String logo) {
    static DomainView of(Domain d) {
      return new DomainView(d.domain(), d.name(), d.theme(), d.logo());
    }
  }
}
