package org.kith.api.auth;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.kith.api.web.Message;
import org.kith.core.account.Account;
import org.kith.core.account.AdminUserService;
import org.kith.core.account.Principal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /v1/admin/users}: platform admins disable, enable and search accounts; others get 403. */
@RestController
@RequestMapping(path = "/v1/admin/users", produces = "application/json")
@SecurityRequirement(name = "bearer")
final class AdminUserController {
  private final AdminUserService admin;

  private final SessionEndNotices notices;

  AdminUserController(AdminUserService admin, SessionEndNotices notices) {
    this.admin = admin;
    this.notices = notices;
  }

  record DisableUser(
      @NotBlank @Size(max = AdminUserService.MAX_REASON) String reason) {}

  record AdminUserView(
      String uId, String username, boolean verified, boolean disabled, Instant createdAt) {
    static AdminUserView of(Account a) {
      return new AdminUserView(a.uId(), a.username(), a.verified(), a.disabled(), a.createdAt());
    }
  }

  /** {@code next} is the {@code after} of the next page, absent on the last. */
  record AdminUserPage(List<AdminUserView> users, @Nullable String next) {}

  @PostMapping(path = "/{uId}/disable", consumes = "application/json")
  @Operation(
      operationId = "adminDisableUser",
      summary =
          "Disable an account: its tokens are refused at once, its sessions end, login is refused")
  Mono<Message> disable(
      Principal caller, @PathVariable String uId, @Valid @RequestBody DisableUser body) {
    // the applications signed in through its sessions hear of their end (back-channel logout)
    return notices
        .around(uId, null, admin.disable(caller, uId, body.reason()))
        .thenReturn(new Message("account disabled"));
  }

  @PostMapping("/{uId}/enable")
  @Operation(
      operationId = "adminEnableUser",
      summary = "Enable a disabled account (its ended sessions stay ended)")
  Mono<Message> enable(Principal caller, @PathVariable String uId) {
    return admin.enable(caller, uId).thenReturn(new Message("account enabled"));
  }

  @GetMapping
  @Operation(
      operationId = "adminSearchUsers",
      summary = "Accounts whose username starts with q, by username; page on with after=<next>")
  Mono<AdminUserPage> search(
      Principal caller,
      @RequestParam String q,
      @RequestParam(required = false) @Nullable String after,
      @RequestParam(defaultValue = "20") int limit) {
    return admin
        .search(caller, q, after, limit)
        .map(p -> new AdminUserPage(p.users().stream().map(AdminUserView::of).toList(), p.next()));
  }
}
