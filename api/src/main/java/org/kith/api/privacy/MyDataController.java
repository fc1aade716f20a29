package org.kith.api.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.api.web.StepUpRequired;
import org.kith.core.Rejected;
import org.kith.core.account.AccountService;
import org.kith.core.account.AccountSettings;
import org.kith.core.account.Principal;
import org.kith.core.account.Scope;
import org.kith.core.account.StepUpPolicy;
import org.kith.core.privacy.MyDataService;
import org.kith.core.profile.ProfileObject;
import org.kith.core.verification.VerificationService;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /v1/auth/me/export} (JSON, or the profile objects as CSV) and {@code DELETE /v1/auth/me} (erasure). */
@RestController
@RequestMapping(path = "/v1/auth/me")
@SecurityRequirement(name = "bearer")
final class MyDataController {
  /** Quotes only the values that need it (RFC 4180), not every one a quick heuristic suspects. */
  private static final CsvMapper CSV = CsvMapper.builder()
      .enable(com.fasterxml.jackson.dataformat.csv.CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
      .build();

  private static final CsvSchema CSV_SCHEMA = CsvSchema.builder()
      .addColumn("n_id")
      .addColumn("schema")
      .addColumn("property")
      .addColumn("value")
      .build()
      .withHeader();

  private final MyDataService data;
  private final String linkBase;
  private final StepUpPolicy stepUp;

  MyDataController(MyDataService data, AccountSettings settings, StepUpPolicy stepUp) {
    this.data = data;
    this.stepUp = stepUp;
    this.linkBase = settings.linkBase();
  }

  record ExportedDocument(String sha256, String contentType, long size, String download) {}

  record ExportedObject(
      String nId,
      String schema,
      List<String> labels,
      Map<String, Object> properties,
      @Nullable ExportedDocument document,
      Instant createdAt,
      Instant updatedAt) {}

  record ExportedShare(
      String iId,
      String aId,
      String state,
      @Nullable String reference,
      Instant startDate,
      @Nullable Instant endDate,
      List<String> profileObjects) {}

  record ExportedSession(
      String id,
      @Nullable String userAgent,
      @Nullable String ipPrefix,
      Instant createdAt,
      Instant lastUsedAt) {}

  record ExportedToken(
      String id,
      String name,
      List<String> scopes,
      Instant createdAt,
      @Nullable Instant expiresAt) {}

  record ExportedAuditEntry(
      long seq,
      String eventType,
      @Nullable String uId,
      Instant date,
      Map<String, Object> event,
      String hash) {}

  /** {@code verifications}: the n_ids of the signed verification records among {@code profile_objects}. */
  record MyDataExport(
      Instant exportedAt,
      AccountService.Me account,
      List<ExportedObject> profileObjects,
      List<String> verifications,
      List<ExportedShare> shares,
      List<ExportedSession> sessions,
      List<ExportedToken> personalAccessTokens,
      List<ExportedLink> shortLinks,
      List<ExportedAuditEntry> audit) {}

  /** One of the caller's own short links ({@code POST /v1/links}). */
  record ExportedLink(
      String linkId,
      String url,
      @Nullable String description,
      boolean persist,
      Instant createdAt) {}

  /** Without the password, the erasure needs a recent login (step-up). */
  record EraseAccount(@Nullable @Size(max = 1024) String password) {}

  @GetMapping(path = "/export", produces = "application/json")
  @Operation(
      operationId = "authExportMyData",
      summary =
          "Everything Kith holds about the caller as JSON; format=csv gives the profile objects as CSV;"
              + " needs a recent login (step-up)")
  @StepUpRequired(StepUpPolicy.Operation.EXPORT)
  Mono<ResponseEntity<MyDataExport>> export(
      Principal caller, @RequestParam(defaultValue = "json") String format) {
    if (!"json".equals(format)) {
      return Mono.error(Rejected.invalid("format", "format is json or csv"));
    }
    return stepUp
        .require(caller, StepUpPolicy.Operation.EXPORT)
        .then(Mono.defer(() -> data.export(caller)))
        .map(e -> ResponseEntity.ok()
            .cacheControl(CacheControl.noStore())
            .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"kith-export.json\"")
            .body(view(e)));
  }

  @GetMapping(path = "/export", params = "format=csv", produces = "text/csv")
  @Operation(
      operationId = "authExportMyProfileObjectsCsv",
      summary =
          "The caller's profile objects as CSV: one row per property (n_id, schema, JSON Pointer, value; a"
              + " value a spreadsheet would run as a formula starts with an apostrophe);"
              + " needs a recent login (step-up)")
  @StepUpRequired(StepUpPolicy.Operation.EXPORT)
  Mono<ResponseEntity<String>> exportCsv(Principal caller) {
    return stepUp
        .require(caller, StepUpPolicy.Operation.EXPORT)
        .then(Mono.defer(() -> data.export(caller)))
        .map(e -> ResponseEntity.ok()
            .cacheControl(CacheControl.noStore())
            .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
            .header(
                HttpHeaders.CONTENT_DISPOSITION,
                "attachment; filename=\"kith-profile-objects.csv\"")
            .body(csv(e.profileObjects())));
  }

  @DeleteMapping(consumes = "application/json")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(
      operationId = "authEraseMyAccount",
      summary =
          "Erase the caller's account: profile objects, documents, shares, keys, tokens and sessions; the"
              + " username may be registered again. Proven by the password in the body, or without it by a"
              + " recent login (step-up)")
  @StepUpRequired(StepUpPolicy.Operation.DELETE_ACCOUNT)
  Mono<Void> erase(Principal caller, @Valid @RequestBody EraseAccount body) {
    String password = body.password();
    return password != null
        ? data.erase(caller, password)
        : stepUp
            .require(caller, StepUpPolicy.Operation.DELETE_ACCOUNT)
            .then(Mono.defer(() -> data.erase(caller)));
  }

  private MyDataExport view(MyDataService.Export e) {
    return new MyDataExport(
        e.exportedAt(),
        e.account(),
        e.profileObjects().stream().map(this::object).toList(),
        e.profileObjects().stream()
            .filter(o -> o.schema().startsWith(VerificationService.RECORD_SCHEMA))
            .map(ProfileObject::nId)
            .toList(),
        e.shares().stream()
            .map(i -> new ExportedShare(
                i.iId(),
                i.aId(),
                i.state(),
                i.reference(),
                i.startDate(),
                i.endDate(),
                i.profileObjects()))
            .toList(),
        e.sessions().stream()
            .map(s -> new ExportedSession(
                s.id(), s.userAgent(), s.network(), s.createdAt(), s.lastUsedAt()))
            .toList(),
        e.personalAccessTokens().stream()
            .map(t -> new ExportedToken(
                t.id(),
                t.name(),
                t.scopes().stream().map(Scope::wireName).sorted().toList(),
                t.createdAt(),
                t.expiresAt()))
            .toList(),
        e.shortLinks().stream()
            .map(l ->
                new ExportedLink(l.linkId(), l.url(), l.description(), l.persist(), l.createdAt()))
            .toList(),
        e.audit().stream()
            .map(r -> new ExportedAuditEntry(
                r.seq(),
                r.event().eventType(),
                r.event().uId(),
                r.event().date(),
                r.event().event(),
                r.hash()))
            .toList());
  }

  private ExportedObject object(ProfileObject o) {
    var d = o.document();
    return new ExportedObject(
        o.nId(),
        o.schema(),
        o.labels(),
        o.properties(),
        d == null
            ? null
            : new ExportedDocument(
                d.sha256(),
                d.contentType(),
                d.size(),
                linkBase + "/v1/db/profile-objects/" + o.nId() + "/content"),
        o.createdAt(),
        o.updatedAt());
  }

  /** One row per leaf value, named by its JSON Pointer (RFC 6901). */
  static String csv(List<ProfileObject> objects) {
    List<Map<String, String>> rows = new ArrayList<>();
    for (ProfileObject o : objects) {
      flatten(o, "", o.properties(), rows);
    }
    try {
      return CSV.writer(CSV_SCHEMA).writeValueAsString(rows);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("profile objects could not be written as CSV", e);
    }
  }

  private static void flatten(
      ProfileObject o, String pointer, @Nullable Object value, List<Map<String, String>> rows) {
    if (value instanceof Map<?, ?> map && !map.isEmpty()) {
      map.forEach((k, v) -> flatten(o, pointer + "/" + escape(String.valueOf(k)), v, rows));
    } else if (value instanceof List<?> list && !list.isEmpty()) {
      for (int i = 0; i < list.size(); i++) {
        flatten(o, pointer + "/" + i, list.get(i), rows);
      }
    } else {
      String text = value == null
          ? ""
          : value instanceof Map<?, ?>
              ? "{}"
              : value instanceof List<?> ? "[]" : String.valueOf(value);
      rows.add(Map.of(
          "n_id", o.nId(), "schema", o.schema(), "property", cell(pointer), "value", cell(text)));
    }
  }

  /**
   * A cell a spreadsheet will not run (CSV injection, OWASP): text starting with {@code = + - @}, a tab or a carriage
   * return gets a leading apostrophe, so it shows as text. The JSON export keeps every value exactly.
   */
  static String cell(String text) {
    return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
  }

  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
