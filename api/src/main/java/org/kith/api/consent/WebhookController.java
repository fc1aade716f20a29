package org.kith.api.consent;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.kith.core.account.Principal;
import org.kith.core.consent.ApplicationService;
import org.kith.core.consent.WebhookEndpoint;
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

/**
 * {@code /v1/aa/applications/{a_id}/webhook}: where an application receives its instances' events (Standard
 * Webhooks), and its signing secret's rotation. Only the application's administrators see or change it; everyone
 * else gets the unknown application's 404.
 */
@RestController
@SecurityRequirement(name = "bearer")
final class WebhookController {
  /** How long the replaced secret still signs after a rotation. */
  static final Duration ROTATION_OVERLAP = Duration.ofHours(24);

  private final ApplicationService apps;

  WebhookController(ApplicationService apps) {
    this.apps = apps;
  }

  /** The endpoint to set: {@code events} defaults to every type. */
  record WebhookRequest(@Nullable String url, @Nullable List<String> events) {}

  /** An application's webhook endpoint. */
  record WebhookView(
      String url,
      List<String> events,
      String updatedAt,
      @Nullable String secretRotatedAt) {
    static WebhookView of(WebhookEndpoint w) {
      return new WebhookView(
          w.url(),
          w.events(),
          w.updatedAt().toString(),
          w.secretRotatedAt() == null ? null : w.secretRotatedAt().toString());
    }
  }

  /** A new signing secret, shown only here, and until when the one it replaced still signs too. */
  record RotatedSecret(String webhookSecret, String previousSecretValidUntil) {}

  @GetMapping(path = "/v1/aa/applications/{aId}/webhook", produces = "application/json")
  @Operation(
      operationId = "applicationGetWebhook",
      summary = "Where the application receives its instances' events (404 if none is set)")
  Mono<WebhookView> get(Principal caller, @PathVariable String aId) {
    return apps.webhook(caller.uId(), aId).map(WebhookView::of);
  }

  @PutMapping(
      path = "/v1/aa/applications/{aId}/webhook",
      consumes = "application/json",
      produces = "application/json")
  @Operation(
      operationId = "applicationSetWebhook",
      summary =
          "Receive instance.shared, instance.moved, instance.data_changed and instance.withdrawn events,"
              + " signed as Standard Webhooks says, at an https URL")
  Mono<WebhookView> set(
      Principal caller, @PathVariable String aId, @RequestBody WebhookRequest body) {
    return apps.setWebhook(caller.uId(), aId, body.url(), body.events()).map(WebhookView::of);
  }

  @DeleteMapping(path = "/v1/aa/applications/{aId}/webhook")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(operationId = "applicationRemoveWebhook", summary = "Stop receiving events")
  Mono<Void> remove(Principal caller, @PathVariable String aId) {
    return apps.removeWebhook(caller.uId(), aId);
  }

  @PostMapping(path = "/v1/aa/applications/{aId}/webhook/secret", produces = "application/json")
  @Operation(
      operationId = "applicationRotateWebhookSecret",
      summary = "A new webhook signing secret (shown once); the old one signs too for 24 hours")
  Mono<RotatedSecret> rotate(Principal caller, @PathVariable String aId) {
    return apps.rotateWebhookSecret(caller.uId(), aId, ROTATION_OVERLAP)
        .map(s -> new RotatedSecret(s.secret(), s.previousValidUntil().toString()));
  }
}
