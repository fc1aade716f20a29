package org.kith.api.org;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import org.jspecify.annotations.Nullable;
import org.kith.core.account.Principal;
import org.kith.core.org.OrganisationMembers;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * An organisation's members and roles: {@code PUT}/{@code DELETE /v1/org/{org_id}/users/{u_id}} and {@code POST
 * /v1/org/{org_id}/owner}. The rules are {@link OrganisationMembers}'; the organisation's trail ({@code GET
 * /v1/audit/{org_id}}, for its admins) records each change.
 */
@RestController
@SecurityRequirement(name = "bearer")
final class OrganisationMembersController {
  private final OrganisationMembers members;

  OrganisationMembersController(OrganisationMembers members) {
    this.members = members;
  }

  /** A member's new role: {@code admin} or {@code member}. */
  record RoleRequest(@Nullable String role) {}

  /** The member who becomes the owner. */
  record OwnerRequest(@Nullable String uId) {}

  @PutMapping(path = "/v1/org/{orgId}/users/{uId}", consumes = "application/json")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(
      operationId = "organisationSetRole",
      summary =
          "Make a member an admin (admins) or a member again (the owner, or the admin itself)")
  Mono<Void> role(
      Principal caller,
      @PathVariable String orgId,
      @PathVariable String uId,
      @RequestBody RoleRequest body) {
    return members.changeRole(caller.uId(), orgId, uId, body.role());
  }

  @DeleteMapping(path = "/v1/org/{orgId}/users/{uId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(
      operationId = "organisationRemoveMember",
      summary =
          "Remove a member (admins; an admin only by the owner), or leave (yourself; not the owner)")
  Mono<Void> remove(Principal caller, @PathVariable String orgId, @PathVariable String uId) {
    return members.remove(caller.uId(), orgId, uId);
  }

  @PostMapping(path = "/v1/org/{orgId}/owner", consumes = "application/json")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(
      operationId = "organisationTransferOwnership",
      summary = "Hand the organisation over to a member (the owner); you stay an admin")
  Mono<Void> transfer(
      Principal caller, @PathVariable String orgId, @RequestBody OwnerRequest body) {
    return members.transfer(caller.uId(), orgId, body.uId());
  }
}
