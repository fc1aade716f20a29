package org.kith.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("audit vocabulary")
class AuditVocabularyTests {

  /**
   * One sample of every type with the name and detail keys stored trails already hold: a stored event keeps its
   * name and keys for ever, so a rename here is a break of every trail written before it.
   */
  static Stream<Arguments> samples() {
    return Stream.of(
        sample(
            new ProfileEvent.Created("ss_Person", List.of("Person")),
            "profile_create",
            "schema",
            "labels"),
        sample(new ProfileEvent.Updated(List.of("Person")), "profile_update", "labels"),
        sample(new ProfileEvent.Deleted(), "profile_delete"),
        sample(new ProfileEvent.Read("VIEWS"), "profile_read", "permission"),
        sample(new ProfileEvent.ContentRead("VIEWS"), "profile_content_read", "permission"),
        sample(
            new ProfileEvent.RelationshipCreated("p", "KNOWS", "a", "b"),
            "relationship_create",
            "p_id",
            "type",
            "start",
            "end"),
        sample(
            new ProfileEvent.RelationshipDeleted("p", "KNOWS", "a", "b"),
            "relationship_delete",
            "p_id",
            "type",
            "start",
            "end"),
        sample(
            new ProfileEvent.PermissionGranted("p", "VIEWS", false, "u", null),
            "permission_grant",
            "p_id",
            "permission",
            "cascade",
            "u_id"),
        sample(
            new ProfileEvent.PermissionRevoked("p", "EDITS", true, null, "g"),
            "permission_revoke",
            "p_id",
            "permission",
            "cascade",
            "g_id"),
        sample(
            new ProfileEvent.OwnerGaveUp("p", "IS_OWNER", false, "u", null),
            "owner_give_up",
            "p_id",
            "permission",
            "cascade",
            "u_id"),
        sample(new ProfileEvent.OwnerClaimed("u", "p"), "owner_claim", "u_id", "p_id"),
        sample(new ProfileEvent.OwnerTransferred("u", "p"), "owner_transfer", "u_id", "p_id"),
        sample(new GroupEvent.Created("team"), "group_create", "name"),
        sample(new GroupEvent.MemberAdded("u"), "group_member_add", "u_id"),
        sample(new GroupEvent.MemberRemoved("u"), "group_member_remove", "u_id"),
        sample(new GroupEvent.SubgroupAdded("g"), "group_subgroup_add", "g_id"),
        sample(new GroupEvent.SubgroupRemoved("g"), "group_subgroup_remove", "g_id"),
        sample(new GroupEvent.OwnerTransferred("u"), "group_owner_transfer", "u_id"),
        sample(new GroupEvent.Deleted(), "group_delete"),
        sample(new OrganisationEvent.Created("Org"), "org_create", "name"),
        sample(new OrganisationEvent.Updated("Org"), "org_update", "name"),
        sample(new OrganisationEvent.Invited("a@example.org"), "org_invite", "email"),
        sample(new OrganisationEvent.Joined("u"), "org_join", "u_id"),
        sample(new OrganisationEvent.LinkCreated("l"), "org_link_create", "link_id"),
        sample(
            new OrganisationEvent.ApplicationRequested("a@example.org"),
            "org_application_request",
            "email"),
        sample(
            new OrganisationEvent.ApplicationRequestResent("c"),
            "org_application_request_resend",
            "short_code"),
        sample(
            new OrganisationEvent.ApplicationRequestDeleted("c"),
            "org_application_request_deleted",
            "short_code"),
        sample(
            new OrganisationEvent.ApplicationRequestCompleted("c"),
            "org_application_request_complete",
            "short_code"),
        sample(new OrganisationEvent.DomainSaved("example.org"), "org_domain_save", "domain"),
        sample(new ConsentEvent.ApplicationCreated("App"), "application_create", "name"),
        sample(new ConsentEvent.ApplicationUpdated("App"), "application_update", "name"),
        sample(new ConsentEvent.ApplicationDeleted(), "application_delete"),
        sample(new ConsentEvent.PublicKeyAdded("n", "t"), "public_key_add", "n_id", "thumbprint"),
        sample(
            new ConsentEvent.PrivateKeyStored("n", "u"), "private_key_store", "n_id", "for_u_id"),
        sample(
            new ConsentEvent.InstanceShared("a", List.of("n")),
            "instance_share",
            "a_id",
            "profile_objects"),
        sample(
            new ConsentEvent.InstanceMoved("Shared", "Seen"), "instance_transition", "from", "to"),
        sample(
            new ConsentEvent.InstanceWithdrawn("Shared", "sharer"),
            "instance_withdraw",
            "from",
            "by"),
        sample(new ConsentEvent.InstanceRead(), "instance_read"),
        sample(new ConsentEvent.InstanceContentRead("n"), "instance_content_read", "n_id"),
        sample(
            new QueryEvent.Ran("MATCH (n) RETURN n", "ab", "rejected", 0, 3L, "why"),
            "query",
            "query",
            "query_sha256",
            "outcome",
            "rows",
            "duration_ms",
            "reason"),
        sample(new VerificationEvent.RecordSigned("ab"), "record_sign", "sha256"),
        sample(
            new VerificationEvent.FieldsChecked(2, 1L),
            "verification_field_check",
            "values",
            "matched"),
        sample(new VerificationEvent.SigningKeyRotated("k"), "signing_key_rotate", "kid"),
        sample(
            new VerificationEvent.SdJwtIssued("ab", 4, true),
            "sd_jwt_issue",
            "sha256",
            "disclosures",
            "holder_bound"),
        sample(new ProfileEvent.PreferencesReplaced(2), "preferences_replace", "keys"),
        sample(
            new OrganisationEvent.ApplicationRequestExpired("c"),
            "org_application_request_expire",
            "short_code"),
        sample(new VerificationEvent.SigningKeyRemoved("k"), "signing_key_remove", "kid"),
        sample(new AccountEvent.LoggedIn("password", "f"), "login", "grant_type", "family_id"),
        sample(
            new AccountEvent.LoginFailed("password", "invalid_user_credentials"),
            "login_error",
            "grant_type",
            "error"),
        sample(new AccountEvent.TokenRefreshed("f"), "token_refresh", "family_id"),
        sample(new AccountEvent.TokenRevoked("f", "logout"), "token_revoke", "family_id", "reason"),
        sample(new AccountEvent.PasswordChanged(), "password_change"),
        sample(new AccountEvent.PasswordReset(), "password_reset"),
        sample(
            new AccountEvent.PersonalAccessTokenCreated(
                "i", "ci", List.of("read"), "2027-01-01T00:00:00Z"),
            "personal_access_token_create",
            "id",
            "name",
            "scopes",
            "expires_at"),
        sample(
            new AccountEvent.PersonalAccessTokenDeleted("i"), "personal_access_token_delete", "id"),
        sample(new AccountEvent.PasswordResetRequested(), "password_reset_request"),
        sample(new AccountEvent.PasswordResetCancelled(), "password_reset_cancel"),
        sample(
            new AccountEvent.ApplicationTokenIssued("client_credentials"),
            "application_token_issue",
            "grant_type"),
        sample(
            new AccountEvent.ApplicationLoginFailed("client_credentials", "invalid_client"),
            "application_login_error",
            "grant_type",
            "error"),
        sample(
            new ConsentEvent.InstanceEnded("Submitted", "application_deleted"),
            "instance_end",
            "from",
            "reason"),
        sample(
            new AdminEvent.SchemaVersionAdded("ss_Person", 2),
            "schema_version_add",
            "name",
            "version"),
        sample(
            new AdminEvent.ScopesDefined("https://api.example", List.of("read")),
            "scopes_define",
            "resource_server",
            "scopes"),
        sample(new AdminEvent.AccountDisabled("fraud report"), "account_disable", "reason"),
        sample(new AdminEvent.AccountEnabled(), "account_enable"),
        sample(new AccountEvent.DataExported(), "account_export"),
        sample(new AccountEvent.AccountErased(), "account_erase"),
        sample(new ConsentEvent.DeadLettersReplayed(2L), "dead_letters_replay", "count"),
        sample(new ConsentEvent.DeadLettersPurged(1L), "dead_letters_purge", "count"),
        sample(
            new ConsentEvent.WebhookSet("https://rp.example/hook", List.of("instance.shared")),
            "webhook_set",
            "url",
            "events"),
        sample(new ConsentEvent.WebhookRemoved(), "webhook_remove"),
        sample(new OrganisationEvent.RoleChanged("u", "admin"), "org_role_change", "u_id", "role"),
        sample(new OrganisationEvent.MemberRemoved("u"), "org_member_remove", "u_id"),
        sample(
            new OrganisationEvent.OwnershipTransferred("a", "b"),
            "org_owner_transfer",
            "from",
            "to"),
        sample(new ConsentEvent.WebhookSecretRotated(), "webhook_secret_rotate"),
        sample(new AccountEvent.AccountCreated(false), "account_create", "invited"),
        sample(new AccountEvent.AccountVerified(), "account_verify"),
        sample(new AccountEvent.LoggedIn("webauthn", "f"), "login", "grant_type", "family_id"),
        sample(
            new AccountEvent.PasskeyRegistered("c", "laptop"),
            "passkey_register",
            "credential_id",
            "name"),
        sample(
            new AccountEvent.PasskeyRenamed("c", "phone"),
            "passkey_rename",
            "credential_id",
            "name"),
        sample(new AccountEvent.PasskeyDeleted("c"), "passkey_delete", "credential_id"),
        sample(new AccountEvent.ShortLinkCreated("l"), "short_link_create", "link_id"),
        sample(new VerificationEvent.PhoneCodeSent("twilio-verify"), "phone_code_send", "provider"),
        sample(
            new VerificationEvent.PhoneCodeChecked("twilio-verify", true),
            "phone_code_check",
            "provider",
            "approved"),
        sample(
            new AccountEvent.PasskeyLoginFailed("c", "invalid_assertion"),
            "passkey_login_error",
            "credential_id",
            "error"),
        sample(
            new AccountEvent.LoggedIn("mfa_otp", "f", List.of("pwd", "otp", "mfa")),
            "login",
            "grant_type",
            "family_id",
            "amr"),
        sample(new AccountEvent.TotpEnabled(), "mfa_totp_enable"),
        sample(new AccountEvent.TotpDisabled("password"), "mfa_totp_disable", "by"),
        sample(new AccountEvent.RecoveryCodeUsed(), "mfa_recovery_code_use"),
        sample(
            new OidcEvent.Allowed("a", "i", List.of("openid")),
            "oidc_allow",
            "a_id",
            "i_id",
            "scopes"),
        sample(new OidcEvent.Denied("a"), "oidc_deny", "a_id"),
        sample(
            new OidcEvent.TokensIssued("a", "i", "authorization_code"),
            "oidc_tokens_issue",
            "a_id",
            "i_id",
            "grant_type"),
        sample(
            new OidcEvent.GrantRevoked("a", "code_reuse"), "oidc_grant_revoke", "a_id", "reason"),
        sample(new OidcEvent.Introspected("a", "r"), "oidc_introspect", "a_id", "resource_server"),
        sample(new OidcEvent.ClientAssertionReplayed("a"), "oidc_client_assertion_replay", "a_id"),
        sample(new OidcEvent.LoggedOut("a", "same_session"), "oidc_logout", "a_id", "how"),
        sample(
            new OidcEvent.BackChannelLogoutQueued("a", "withdrawal"),
            "oidc_backchannel_logout",
            "a_id",
            "reason"));
  }

  private static Arguments sample(AuditDetails details, String name, String... keys) {
    return Arguments.of(details, name, List.of(keys));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("samples")
  @DisplayName("each type keeps its stored name and detail keys")
  void storedForm(AuditDetails details, String name, List<String> keys) {
    AuditEvent event = AuditEvent.of("subject", "u", Instant.EPOCH, details);
    assertThat(event.eventType()).isEqualTo(name);
    assertThat(event.event().keySet()).containsExactlyInAnyOrderElementsOf(keys);
    assertThat(event.type()).contains(details.auditType());
    assertThat(AuditType.fromWire(name)).contains(details.auditType());
  }

  @Test
  @DisplayName("the samples cover every type, and every type has a distinct snake_case name")
  void everyTypeSampled() {
    Set<AuditType> sampled =
        samples().map(a -> ((AuditDetails) a.get()[0]).auditType()).collect(Collectors.toSet());
    assertThat(sampled).containsExactlyInAnyOrder(AuditType.values());
    List<String> names =
        Arrays.stream(AuditType.values()).map(AuditType::wireName).toList();
    assertThat(names).doesNotHaveDuplicates().allMatch(n -> n.matches("[a-z][a-z0-9_]*"));
  }

  @Test
  @DisplayName(
      "every details record of the sealed vocabulary has exactly one type, and each type its own record")
  void oneTypePerRecord() {
    List<Class<?>> records = new ArrayList<>();
    collect(AuditDetails.class, records);
    assertThat(records).allMatch(Class::isRecord);
    assertThat(
            Arrays.stream(AuditType.values()).<Class<?>>map(AuditType::details).toList())
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(records);
  }

  private static void collect(Class<?> type, List<Class<?>> out) {
    if (!type.isSealed()) {
      out.add(type);
      return;
    }
    for (Class<?> sub : type.getPermittedSubclasses()) {
      collect(sub, out);
    }
  }

  @Nested
  @DisplayName("details as a map")
  class Details {
    @Test
    @DisplayName("keep their values, name keys in snake_case and leave out absent components")
    void values() {
      Map<String, Object> map =
          new ProfileEvent.PermissionGranted("p1", "VIEWS", true, null, "g1").toMap();
      assertThat(map)
          .containsExactly(
              entry("p_id", "p1"),
              entry("permission", "VIEWS"),
              entry("cascade", true),
              entry("g_id", "g1"));
      assertThat(new ConsentEvent.PrivateKeyStored("n1", "u1").toMap())
          .isEqualTo(new LinkedHashMap<>(Map.of("n_id", "n1", "for_u_id", "u1")));
      assertThat(new AccountEvent.TokenRevoked(null, "logout").toMap()).containsOnlyKeys("reason");
    }

    @Test
    @DisplayName("snake_case puts an underscore before each capital")
    void snakeCase() {
      assertThat(AuditDetails.snakeCase("forUId")).isEqualTo("for_u_id");
      assertThat(AuditDetails.snakeCase("querySha256")).isEqualTo("query_sha256");
      assertThat(AuditDetails.snakeCase("name")).isEqualTo("name");
    }

    @Test
    @DisplayName("an unknown stored name has no type, and the event still reads")
    void unknownName() {
      AuditEvent stored =
          new AuditEvent("s", "from_a_later_version", null, Instant.EPOCH, Map.of("k", 1));
      assertThat(stored.type()).isEmpty();
      assertThat(AuditType.fromWire("login")).contains(AuditType.LOGIN);
    }
  }
}
