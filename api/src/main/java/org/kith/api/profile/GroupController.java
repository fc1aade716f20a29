package org.kith.api.profile;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.api.paging.Paging;
import org.kith.api.profile.GroupResponses.AuditEntry;
import org.kith.api.profile.GroupResponses.GroupMembers;
import org.kith.api.profile.GroupResponses.GroupView;
import org.kith.api.profile.GroupResponses.MyGroup;
import org.kith.api.profile.GroupResponses.MyGroups;
import org.kith.api.profile.GroupResponses.Subgroups;
import org.kith.core.account.Principal;
import org.kith.core.profile.AuditService;
import org.kith.core.profile.GroupService;
import org.kith.core.profile.GroupStore;
import org.kith.core.profile.PreferencesService;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Groups, preferences and the audit trail. */
@RestController
@SecurityRequirement(name = "bearer")
final class GroupController {
  private final GroupService groups;
  private final PreferencesService preferences;
  private final AuditService audit;
  private final com.fasterxml.jackson.databind.ObjectMapper json;

  GroupController(
      GroupService groups,
      PreferencesService preferences,
      AuditService audit,
      com.fasterxml.jackson.databind.ObjectMapper json) {
    this.groups = groups;
    this.preferences = preferences;
    this.audit = audit;
    this.json = json;
  }

  @PostMapping(path = "/v1/db/groups", consumes = "application/json", produces = "application/json")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(operationId = "groupCreate")
  Mono<GroupView> create(Principal caller, @Valid @RequestBody ProfileRequests.GroupCreate body) {
    return groups.create(caller.uId(), body.name()).map(GroupView::of);
  }

  @GetMapping(path = "/v1/db/groups", produces = "application/json")
  @Operation(
      operationId = "groupListMine",
      summary =
          "The groups you belong to, by name, in pages of limit (at most 1,000): the next page's cursor"
              + " in next_cursor and Link rel=next")
  Mono<ResponseEntity<MyGroups>> mine(
      Principal caller,
      org.springframework.http.server.reactive.ServerHttpRequest request,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor) {
    int size = Paging.size(limit);
    return Mono.fromCallable(() -> java.util.Optional.ofNullable(Paging.position(cursor, 2)))
        .flatMap(p -> groups
            .mine(
                caller.uId(),
                p.map(x -> new GroupStore.After(x.get(0), x.get(1))).orElse(null),
                size + 1)
            .collectList())
        .map(list -> {
          Paging.Next next = Paging.next(
              request, list, size, m -> List.of(m.group().name(), m.group().gId()));
          MyGroups body = new MyGroups(
              list.stream().limit(size).map(MyGroup::of).toList(),
              next == null ? null : next.cursor());
          return next == null
              ? ResponseEntity.ok(body)
              : ResponseEntity.ok().headers(next.headers()).body(body);
        });
  }

  /** Direct members: users, and the groups nested in it (whose members belong to it too). */
  @GetMapping(path = "/v1/db/groups/{gId}/users", produces = "application/json")
  @Operation(operationId = "groupListMembers")
  Mono<GroupMembers> members(Principal caller, @PathVariable String gId) {
    return groups
        .memberList(caller.uId(), gId)
        .map(m -> new GroupMembers(gId, m.users(), m.groups()));
  }

  @GetMapping(path = "/v1/db/groups/{gId}/groups", produces = "application/json")
  @Operation(operationId = "groupListSubgroups")
  Mono<Subgroups> subgroups(Principal caller, @PathVariable String gId) {
    return groups.subgroups(caller.uId(), gId).collectList().map(l -> new Subgroups(gId, l));
  }

  /** Nests a group the caller belongs to in a group it owns: the nested group's members become members. */
  @PostMapping(path = "/v1/db/groups/{gId}/groups", consumes = "application/json")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(operationId = "groupAddSubgroup")
  Mono<Void> addSubgroup(
      Principal caller,
      @PathVariable String gId,
      @Valid @RequestBody ProfileRequests.GroupRef body) {
    return groups.addSubgroup(caller.uId(), gId, body.gId());
  }

  @DeleteMapping("/v1/db/groups/{gId}/groups/{child}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(operationId = "groupRemoveSubgroup")
  Mono<Void> removeSubgroup(
      Principal caller, @PathVariable String gId, @PathVariable String child) {
    return groups.removeSubgroup(caller.uId(), gId, child);
  }

  @PostMapping(path = "/v1/db/groups/{gId}/users", consumes = "application/json")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(operationId = "groupAddMember")
  Mono<Void> add(
      Principal caller,
      @PathVariable String gId,
      @Valid @RequestBody ProfileRequests.UserRef body) {
    return groups.addMember(caller.uId(), gId, body.uId());
  }

  @DeleteMapping("/v1/db/groups/{gId}/users/{uId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(operationId = "groupRemoveMember")
  Mono<Void> remove(Principal caller, @PathVariable String gId, @PathVariable String uId) {
    return groups.removeMember(caller.uId(), gId, uId);
  }

  @PutMapping(path = "/v1/db/groups/{gId}/owner", consumes = "application/json")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(operationId = "groupTransferOwnership")
  Mono<Void> transfer(
      Principal caller,
      @PathVariable String gId,
      @Valid @RequestBody ProfileRequests.UserRef body) {
    return groups.transfer(caller.uId(), gId, body.uId());
  }

  @DeleteMapping("/v1/db/groups/{gId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(operationId = "groupDelete")
  Mono<Void> delete(Principal caller, @PathVariable String gId) {
    return groups.delete(caller.uId(), gId);
  }

  @GetMapping(path = "/v1/db/preferences", produces = "application/json")
  @Operation(operationId = "preferencesGet")
  Mono<Map<String, Object>> preferences(Principal caller) {
    return preferences.get(caller);
  }

  @PutMapping(
      path = "/v1/db/preferences",
      consumes = "application/json",
      produces = "application/json")
  @Operation(operationId = "preferencesReplace")
  Mono<Map<String, Object>> putPreferences(
      Principal caller, @RequestBody Map<String, Object> body) {
    return Mono.fromCallable(() -> json.writeValueAsBytes(body).length)
        .flatMap(size -> preferences.replace(caller, body, size));
  }

  @GetMapping(path = "/v1/audit/{id}", produces = "application/json")
  @Operation(
      operationId = "auditTrailGet",
      summary =
          "A subject's trail, newest first, in pages of limit (at most 1,000) with the next one in Link"
              + " rel=next; Kith-Audit-Chain says whether the whole chain re-hashes")
  Mono<ResponseEntity<List<AuditEntry>>> audit(
      Principal caller,
      org.springframework.http.server.reactive.ServerHttpRequest request,
      @PathVariable String id,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor) {
    int size = Paging.size(limit);
    return Mono.fromCallable(() -> before(cursor))
        .flatMap(before -> audit.read(caller.uId(), id, before.orElse(null), size + 1))
        .map(trail -> {
          ResponseEntity<List<AuditEntry>> page = Paging.answer(
              request, trail.events(), size, e -> List.of(Long.toString(e.seq())), AuditEntry::of);
          return ResponseEntity.ok()
              .headers(page.getHeaders())
              .header("Kith-Audit-Chain", trail.chainValid() ? "valid" : "broken")
              .body(page.getBody());
        });
  }

  /** The sequence number a cursor continues below. */
  private static java.util.Optional<Long> before(@Nullable String cursor) {
    return java.util.Optional.ofNullable(Paging.position(cursor, 1, p -> Long.parseLong(p.get(0))));
  }
}
