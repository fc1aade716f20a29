package org.kith.api.profile;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import org.kith.api.profile.ProfileResponses.GrantView;
import org.kith.core.Rejected;
import org.kith.core.account.Principal;
import org.kith.core.authz.Permission;
import org.kith.core.authz.Subject;
import org.kith.core.profile.PermissionService;
import org.kith.core.profile.ProfileService;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Grants, ownership and relationships under {@code /v1/db}. */
@RestController
@SecurityRequirement(name = "bearer")
final class PermissionController {
  private final PermissionService permissions;
  private final ProfileService profiles;

  PermissionController(PermissionService permissions, ProfileService profiles) {
    this.permissions = permissions;
    this.profiles = profiles;
  }

  @PostMapping(
      path = "/v1/db/permissions/{nId}",
      consumes = "application/json",
      produces = "application/json")
  @Operation(
      summary =
          "Grant ADMINS, EDITS or VIEWS to a user (u_id) or group (g_id, PUBLIC for everyone); it cascades"
              + " to the object's descendants unless cascade is false (the reference's default)")
  Mono<ProfileResponses.Granted> grant(
      Principal caller,
      @PathVariable String nId,
      @Valid @RequestBody ProfileRequests.GrantRequest body) {
    if ((body.uId() == null) == (body.gId() == null)) {
      return Mono.error(Rejected.invalid("u_id", "name exactly one of u_id and g_id"));
    }
    Permission permission = Permission.parse(body.permission())
        .filter(p -> p != Permission.IS_OWNER)
        .orElseThrow(
            () -> Rejected.invalid("permission", "permission must be ADMINS, EDITS or VIEWS"));
    Subject subject = body.uId() != null ? Subject.user(body.uId()) : Subject.group(body.gId());
    return permissions
        .grant(caller.uId(), nId, subject, permission, !Boolean.FALSE.equals(body.cascade()))
        .zipWhen(g -> profiles.get(caller.uId(), nId))
        .map(t -> new ProfileResponses.Granted(
            List.of(ProfileResponses.ProfileObjectView.of(t.getT2())),
            List.of(GrantView.of(t.getT1()))));
  }

  @GetMapping(path = "/v1/db/permissions/{nId}", produces = "application/json")
  @Operation(
      operationId = "permissionList",
      summary = "Who holds what on the object (for its administrators)")
  Mono<ProfileResponses.Grants> grants(Principal caller, @PathVariable String nId) {
    return permissions
        .grants(caller.uId(), nId)
        .map(GrantView::of)
        .collectList()
        .map(list -> new ProfileResponses.Grants(nId, list));
  }

  @DeleteMapping("/v1/db/permissions/{pId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Revoke a grant (never IS_OWNER)")
  Mono<Void> revoke(Principal caller, @PathVariable String pId) {
    return permissions.revoke(caller.uId(), pId);
  }

  @PostMapping(path = "/v1/db/owner/{nId}", produces = "application/json")
  @Operation(
      operationId = "ownershipClaim",
      summary = "Claim an object that has no owner (needs ADMINS)")
  Mono<GrantView> claim(Principal caller, @PathVariable String nId) {
    return permissions.claim(caller.uId(), nId).map(GrantView::of);
  }

  @PutMapping(
      path = "/v1/db/owner/{nId}",
      consumes = "application/json",
      produces = "application/json")
  @Operation(operationId = "ownershipTransfer", summary = "Transfer ownership to another user")
  Mono<GrantView> transfer(
      Principal caller,
      @PathVariable String nId,
      @Valid @RequestBody ProfileRequests.UserRef body) {
    return permissions.transfer(caller.uId(), nId, body.uId()).map(GrantView::of);
  }

  @DeleteMapping("/v1/db/owner/{nId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(
      operationId = "ownershipGiveUp",
      summary = "Give up ownership; the object stays with its other grants")
  Mono<Void> giveUp(Principal caller, @PathVariable String nId) {
    return permissions.giveUp(caller.uId(), nId);
  }

  @PostMapping(
      path = "/v1/db/relationships",
      consumes = "application/json",
      produces = "application/json")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      summary = "Relate two objects (needs ADMINS on both); cascading grants follow relationships")
  Mono<ProfileResponses.RelationshipView> relate(
      Principal caller, @Valid @RequestBody ProfileRequests.RelationshipCreate body) {
    return profiles
        .relate(
            caller.uId(),
            body.from(),
            body.to(),
            body.type(),
            body.properties() == null ? Map.of() : body.properties())
        .map(ProfileResponses.RelationshipView::of);
  }

  @DeleteMapping("/v1/db/relationships/{pId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  Mono<Void> unrelate(Principal caller, @PathVariable String pId) {
    return profiles.unrelate(caller.uId(), pId);
  }
}
