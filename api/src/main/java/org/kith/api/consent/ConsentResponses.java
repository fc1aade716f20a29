package org.kith.api.consent;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.api.profile.ProfileResponses.ProfileObjectView;
import org.kith.api.profile.ProfileResponses.RelationshipView;
import org.kith.core.consent.AccessApplication;
import org.kith.core.consent.AppPublicKey;
import org.kith.core.consent.ApplicationService;
import org.kith.core.consent.Instance;
import org.kith.core.consent.ResourceServer;
import org.kith.core.consent.WrappedKey;

/** Response bodies of the /v1/aa consent routes (snake_case by the application's naming strategy). */
final class ConsentResponses {
  private ConsentResponses() {}

  /** A consent instance: who shared which objects ({@code n_id}s) with which application, and its state. */
  record InstanceSummary(
      String iId,
      String aId,
      @JsonProperty("_state") String state,
      @Nullable String reference,
      String confirmationCode,
      String startDate,
      @Nullable String endDate,
      List<Map<String, Object>> keys,
      Map<String, Object> custom,
      List<String> profileObjects,
      @JsonInclude(JsonInclude.Include.NON_NULL) ApplicationLabels.@Nullable Label application) {
    static InstanceSummary of(Instance i) {
      return of(i, null);
    }

    /** With the application's name and organisation, for the sharer's listing. */
    static InstanceSummary of(Instance i, ApplicationLabels.@Nullable Label application) {
      return new InstanceSummary(
          i.iId(),
          i.aId(),
          i.state(),
          i.reference(),
          i.confirmationCode(),
          i.startDate().toString(),
          i.endDate() == null ? null : i.endDate().toString(),
          i.keys(),
          i.custom(),
          i.profileObjects(),
          application);
    }
  }

  /** A consent instance with the shared objects themselves (while it is active) and their relationships. */
  record InstanceDetail(
      String iId,
      String aId,
      @JsonProperty("_state") String state,
      @Nullable String reference,
      String confirmationCode,
      String startDate,
      @Nullable String endDate,
      List<Map<String, Object>> keys,
      Map<String, Object> custom,
      List<ProfileObjectView> profileObjects,
      List<RelationshipView> relationships) {
    static InstanceDetail of(
        Instance i, List<ProfileObjectView> objects, List<RelationshipView> relationships) {
      InstanceSummary s = InstanceSummary.of(i);
      return new InstanceDetail(
          s.iId(),
          s.aId(),
          s.state(),
          s.reference(),
          s.confirmationCode(),
          s.startDate(),
          s.endDate(),
          s.keys(),
          s.custom(),
          objects,
          relationships);
    }
  }

  /** An access application as its administrators see it. */
  record ApplicationView(
      String aId,
      String name,
      @Nullable String description,
      List<String> scopes,
      List<String> callbackUri,
      @Nullable String logoutUri,
      @Nullable String picture,
      List<Map<String, Object>> transitions,
      List<String> tags,
      Map<String, Object> theme,
      String key,
      @Nullable String orgId,
      String createdAt,
      @Nullable Map<String, Object> jwks,
      @Nullable String jwksUri,
      boolean resourceServer,
      boolean requirePar,
      boolean requireDpop) {
    static ApplicationView of(AccessApplication a) {
      return new ApplicationView(
          a.aId(),
          a.name(),
          a.description(),
          a.scopes(),
          a.callbackUris(),
          a.logoutUri(),
          a.picture(),
          a.transitions(),
          a.tags(),
          a.theme(),
          a.key(),
          a.orgId(),
          a.createdAt().toString(),
          a.clientAuth().jwks(),
          a.clientAuth().jwksUri(),
          a.clientAuth().resourceServer(),
          a.requirePar(),
          a.requireDpop());
    }
  }

  /** A new application with its secrets, shown only in this answer ({@code secret} only if asked for). */
  record CreatedApplication(
      String aId,
      String name,
      @Nullable String description,
      List<String> scopes,
      List<String> callbackUri,
      @Nullable String logoutUri,
      @Nullable String picture,
      List<Map<String, Object>> transitions,
      List<String> tags,
      Map<String, Object> theme,
      String key,
      @Nullable String orgId,
      String createdAt,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String secret,
      String webhookSecret,
      @Nullable Map<String, Object> jwks,
      @Nullable String jwksUri,
      boolean resourceServer,
      boolean requirePar,
      boolean requireDpop) {
    static CreatedApplication of(ApplicationService.Created c) {
      ApplicationView a = ApplicationView.of(c.app());
      return new CreatedApplication(
          a.aId(),
          a.name(),
          a.description(),
          a.scopes(),
          a.callbackUri(),
          a.logoutUri(),
          a.picture(),
          a.transitions(),
          a.tags(),
          a.theme(),
          a.key(),
          a.orgId(),
          a.createdAt(),
          c.secret(),
          c.webhookSecret(),
          a.jwks(),
          a.jwksUri(),
          a.resourceServer(),
          a.requirePar(),
          a.requireDpop());
    }
  }

  /** An application as its consent screen shows it. */
  record ConsentScreen(
      String aId,
      String name,
      @Nullable String description,
      @Nullable String picture,
      List<String> scopes,
      @Nullable String organisation,
      List<String> requestedSchemas,
      List<OfferedObject> candidates) {
    /**
     * With the caller's side: the organisation's name, the schemas the application's scopes ask for (empty: it names
     * no data) and the caller's objects it may be given (of those schemas; of any offerable schema if none).
     */
    static ConsentScreen of(
        AccessApplication a,
        @Nullable String organisation,
        List<String> requestedSchemas,
        List<OfferedObject> candidates) {
      return new ConsentScreen(
          a.aId(),
          a.name(),
          a.description(),
          a.picture(),
          a.scopes(),
          organisation,
          requestedSchemas,
          candidates);
    }
  }

  /** One of the caller's objects a consent screen offers. */
  record OfferedObject(String nId, String schema, Map<String, Object> properties) {}

  /** A transition action that failed every retry. */
  record DeadLetter(
      String eventId,
      String iId,
      String method,
      int attempts,
      @Nullable String lastError,
      String createdAt,
      Map<String, Object> payload) {}

  /** How many dead letters were queued again. */
  record Replayed(long replayed) {}

  /** How many dead letters were deleted. */
  record Purged(long purged) {}

  /** An application's public key (a JWK) as a key object: {@code n_id} and its {@code properties}. */
  record PublicKeyView(String nId, PublicKeyProperties properties) {
    static PublicKeyView of(AppPublicKey k) {
      return new PublicKeyView(
          k.nId(),
          new PublicKeyProperties(
              k.jwk(), k.aId(), k.thumbprint(), k.isDefault(), k.createdAt().toString()));
    }
  }

  /** What a public key object holds. */
  record PublicKeyProperties(
      Map<String, Object> key,
      String aId,
      String thumbprint,
      boolean isDefault,
      String createdAt) {}

  /** A user's wrapped copy of a key's private half ({@code n_id} is the public key's). */
  record WrappedKeyView(
      String nId, String uId, Map<String, Object> key, String storedBy, String createdAt) {
    static WrappedKeyView of(WrappedKey w) {
      return new WrappedKeyView(
          w.pkId(), w.uId(), w.key(), w.storedBy(), w.createdAt().toString());
    }
  }

  /** A resource server and its scopes (scope definitions are free-form objects). */
  record ResourceServerView(String resourceServer, String name, List<Map<String, Object>> scopes) {
    static ResourceServerView of(ResourceServer r) {
      return new ResourceServerView(r.identifier(), r.name(), r.scopes());
    }
  }

  /**
   * A scope of a resource server: its definition as stored (free-form; {@code value} always, usually
   * {@code description}) and the server it belongs to.
   */
  @Schema(
      description =
          "a scope definition (free-form: value, usually description, and any other members) and its"
              + " resource server",
      additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
  record ScopeView(
      String value, String resourceServer, @JsonIgnore Map<String, Object> definition) {
    static ScopeView of(ResourceServer server, Map<String, Object> scope) {
      return new ScopeView(String.valueOf(scope.get("value")), server.identifier(), scope);
    }

    /** The definition's other members, written beside {@code value} and {@code resource_server}. */
    @JsonAnyGetter
    Map<String, Object> otherMembers() {
      Map<String, Object> m = new LinkedHashMap<>(definition);
      m.remove("value");
      m.remove("resource_server");
      return m;
    }
  }

  /** An instance that shares a profile object, with only the instance keys that concern that object. */
  record ShareView(
      String iId,
      String aId,
      @JsonProperty("_state") String state,
      List<Map<String, Object>> keys,
      @Nullable String startDate,
      @JsonInclude(JsonInclude.Include.NON_NULL) ApplicationLabels.@Nullable Label application) {
    @SuppressWarnings(
        "unchecked") // the store's share: i_id, a_id, _state, keys and start_date as read from the
    // graph
    static ShareView of(Map<String, Object> share, Map<String, ApplicationLabels.Label> labels) {
      String aId = (String) share.get("a_id");
      return new ShareView(
          (String) share.get("i_id"),
          aId,
          (String) share.get("_state"),
          (List<Map<String, Object>>) share.get("keys"),
          (String) share.get("start_date"),
          labels.get(aId));
    }
  }
}
