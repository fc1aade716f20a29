package org.kith.core.audit;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every kind of audit event, with the name it has on the wire and in stored trails ({@code event_type}) and the
 * record that holds its details. The names are stable: a stored event keeps its name for ever, so a constant
 * may be added but never renamed. One record per type, one type per record.
 */
public enum AuditType {
  PROFILE_CREATE("profile_create", ProfileEvent.Created.class),
  PROFILE_UPDATE("profile_update", ProfileEvent.Updated.class),
  PROFILE_DELETE("profile_delete", ProfileEvent.Deleted.class),
  PROFILE_READ("profile_read", ProfileEvent.Read.class),
  PROFILE_CONTENT_READ("profile_content_read", ProfileEvent.ContentRead.class),
  RELATIONSHIP_CREATE("relationship_create", ProfileEvent.RelationshipCreated.class),
  RELATIONSHIP_DELETE("relationship_delete", ProfileEvent.RelationshipDeleted.class),
  PERMISSION_GRANT("permission_grant", ProfileEvent.PermissionGranted.class),
  PERMISSION_REVOKE("permission_revoke", ProfileEvent.PermissionRevoked.class),
  OWNER_GIVE_UP("owner_give_up", ProfileEvent.OwnerGaveUp.class),
  OWNER_CLAIM("owner_claim", ProfileEvent.OwnerClaimed.class),
  OWNER_TRANSFER("owner_transfer", ProfileEvent.OwnerTransferred.class),

  GROUP_CREATE("group_create", GroupEvent.Created.class),
  GROUP_MEMBER_ADD("group_member_add", GroupEvent.MemberAdded.class),
  GROUP_MEMBER_REMOVE("group_member_remove", GroupEvent.MemberRemoved.class),
  GROUP_SUBGROUP_ADD("group_subgroup_add", GroupEvent.SubgroupAdded.class),
  GROUP_SUBGROUP_REMOVE("group_subgroup_remove", GroupEvent.SubgroupRemoved.class),
  GROUP_OWNER_TRANSFER("group_owner_transfer", GroupEvent.OwnerTransferred.class),
  GROUP_DELETE("group_delete", GroupEvent.Deleted.class),

  ORG_CREATE("org_create", OrganisationEvent.Created.class),
  ORG_UPDATE("org_update", OrganisationEvent.Updated.class),
  ORG_ROLE_CHANGE("org_role_change", OrganisationEvent.RoleChanged.class),
  ORG_MEMBER_REMOVE("org_member_remove", OrganisationEvent.MemberRemoved.class),
  ORG_OWNER_TRANSFER("org_owner_transfer", OrganisationEvent.OwnershipTransferred.class),
  ORG_INVITE("org_invite", OrganisationEvent.Invited.class),
  ORG_JOIN("org_join", OrganisationEvent.Joined.class),
  ORG_LINK_CREATE("org_link_create", OrganisationEvent.LinkCreated.class),
  ORG_APPLICATION_REQUEST("org_application_request", OrganisationEvent.ApplicationRequested.class),
  ORG_APPLICATION_REQUEST_RESEND(
      "org_application_request_resend", OrganisationEvent.ApplicationRequestResent.class),
  ORG_APPLICATION_REQUEST_DELETED(
      "org_application_request_deleted", OrganisationEvent.ApplicationRequestDeleted.class),
  ORG_APPLICATION_REQUEST_COMPLETE(
      "org_application_request_complete", OrganisationEvent.ApplicationRequestCompleted.class),
  ORG_DOMAIN_SAVE("org_domain_save", OrganisationEvent.DomainSaved.class),

  APPLICATION_CREATE("application_create", ConsentEvent.ApplicationCreated.class),
  APPLICATION_UPDATE("application_update", ConsentEvent.ApplicationUpdated.class),
  APPLICATION_DELETE("application_delete", ConsentEvent.ApplicationDeleted.class),
  PUBLIC_KEY_ADD("public_key_add", ConsentEvent.PublicKeyAdded.class),
  PRIVATE_KEY_STORE("private_key_store", ConsentEvent.PrivateKeyStored.class),
  INSTANCE_SHARE("instance_share", ConsentEvent.InstanceShared.class),
  INSTANCE_TRANSITION("instance_transition", ConsentEvent.InstanceMoved.class),
  INSTANCE_WITHDRAW("instance_withdraw", ConsentEvent.InstanceWithdrawn.class),
  INSTANCE_READ("instance_read", ConsentEvent.InstanceRead.class),
  INSTANCE_CONTENT_READ("instance_content_read", ConsentEvent.InstanceContentRead.class),

  QUERY("query", QueryEvent.Ran.class),

  RECORD_SIGN("record_sign", VerificationEvent.RecordSigned.class),
  VERIFICATION_FIELD_CHECK("verification_field_check", VerificationEvent.FieldsChecked.class),
  SIGNING_KEY_ROTATE("signing_key_rotate", VerificationEvent.SigningKeyRotated.class),
  SIGNING_KEY_REMOVE("signing_key_remove", VerificationEvent.SigningKeyRemoved.class),

  LOGIN("login", AccountEvent.LoggedIn.class),
  LOGIN_ERROR("login_error", AccountEvent.LoginFailed.class),
  TOKEN_REFRESH("token_refresh", AccountEvent.TokenRefreshed.class),
  TOKEN_REVOKE("token_revoke", AccountEvent.TokenRevoked.class),
  PASSWORD_CHANGE("password_change", AccountEvent.PasswordChanged.class),
  PASSWORD_RESET("password_reset", AccountEvent.PasswordReset.class),
  PERSONAL_ACCESS_TOKEN_CREATE(
      "personal_access_token_create", AccountEvent.PersonalAccessTokenCreated.class),
  PERSONAL_ACCESS_TOKEN_DELETE(
      "personal_access_token_delete", AccountEvent.PersonalAccessTokenDeleted.class),
  PASSWORD_RESET_REQUEST("password_reset_request", AccountEvent.PasswordResetRequested.class),
  PASSWORD_RESET_CANCEL("password_reset_cancel", AccountEvent.PasswordResetCancelled.class),
  APPLICATION_TOKEN_ISSUE("application_token_issue", AccountEvent.ApplicationTokenIssued.class),
  APPLICATION_LOGIN_ERROR("application_login_error", AccountEvent.ApplicationLoginFailed.class),
  INSTANCE_END("instance_end", ConsentEvent.InstanceEnded.class),
  SCHEMA_VERSION_ADD("schema_version_add", AdminEvent.SchemaVersionAdded.class),
  SCOPES_DEFINE("scopes_define", AdminEvent.ScopesDefined.class),
  DEAD_LETTERS_REPLAY("dead_letters_replay", ConsentEvent.DeadLettersReplayed.class),
  DEAD_LETTERS_PURGE("dead_letters_purge", ConsentEvent.DeadLettersPurged.class),
  WEBHOOK_SET("webhook_set", ConsentEvent.WebhookSet.class),
  WEBHOOK_REMOVE("webhook_remove", ConsentEvent.WebhookRemoved.class),
  WEBHOOK_SECRET_ROTATE("webhook_secret_rotate", ConsentEvent.WebhookSecretRotated.class),
  ACCOUNT_CREATE("account_create", AccountEvent.AccountCreated.class),
  ACCOUNT_VERIFY("account_verify", AccountEvent.AccountVerified.class),
  MFA_TOTP_ENABLE("mfa_totp_enable", AccountEvent.TotpEnabled.class),
  MFA_TOTP_DISABLE("mfa_totp_disable", AccountEvent.TotpDisabled.class),
  MFA_RECOVERY_CODE_USE("mfa_recovery_code_use", AccountEvent.RecoveryCodeUsed.class),

  OIDC_ALLOW("oidc_allow", OidcEvent.Allowed.class),
  OIDC_DENY("oidc_deny", OidcEvent.Denied.class),
  OIDC_TOKENS_ISSUE("oidc_tokens_issue", OidcEvent.TokensIssued.class),
  OIDC_GRANT_REVOKE("oidc_grant_revoke", OidcEvent.GrantRevoked.class),
  OIDC_INTROSPECT("oidc_introspect", OidcEvent.Introspected.class),
  OIDC_CLIENT_ASSERTION_REPLAY(
      "oidc_client_assertion_replay", OidcEvent.ClientAssertionReplayed.class),
  OIDC_LOGOUT("oidc_logout", OidcEvent.LoggedOut.class),
  OIDC_BACKCHANNEL_LOGOUT("oidc_backchannel_logout", OidcEvent.BackChannelLogoutQueued.class),

  PREFERENCES_REPLACE("preferences_replace", ProfileEvent.PreferencesReplaced.class),
  SD_JWT_ISSUE("sd_jwt_issue", VerificationEvent.SdJwtIssued.class),
  ORG_APPLICATION_REQUEST_EXPIRE(
      "org_application_request_expire", OrganisationEvent.ApplicationRequestExpired.class),

  ACCOUNT_DISABLE("account_disable", AdminEvent.AccountDisabled.class),
  ACCOUNT_ENABLE("account_enable", AdminEvent.AccountEnabled.class),
  ACCOUNT_EXPORT("account_export", AccountEvent.DataExported.class),
  ACCOUNT_ERASE("account_erase", AccountEvent.AccountErased.class),
  PASSKEY_REGISTER("passkey_register", AccountEvent.PasskeyRegistered.class),
  PASSKEY_RENAME("passkey_rename", AccountEvent.PasskeyRenamed.class),
  PASSKEY_DELETE("passkey_delete", AccountEvent.PasskeyDeleted.class),
  PASSKEY_LOGIN_ERROR("passkey_login_error", AccountEvent.PasskeyLoginFailed.class),
  SHORT_LINK_CREATE("short_link_create", AccountEvent.ShortLinkCreated.class),
  PHONE_CODE_SEND("phone_code_send", VerificationEvent.PhoneCodeSent.class),
  PHONE_CODE_CHECK("phone_code_check", VerificationEvent.PhoneCodeChecked.class);

  private static final Map<Class<?>, AuditType> BY_RECORD = Arrays.stream(values())
      .collect(Collectors.toUnmodifiableMap(t -> t.details, Function.identity()));
  private static final Map<String, AuditType> BY_NAME = Arrays.stream(values())
      .collect(Collectors.toUnmodifiableMap(t -> t.wireName, Function.identity()));

  private final String wireName;
  private final Class<? extends AuditDetails> details;

  AuditType(String wireName, Class<? extends AuditDetails> details) {
    this.wireName = wireName;
    this.details = details;
  }

  /** The stored {@code event_type}. */
  public String wireName() {
    return wireName;
  }

  /** The record holding this type's details. */
  public Class<? extends AuditDetails> details() {
    return details;
  }

  /** The type of a stored {@code event_type}; empty for a name this version does not know. */
  public static Optional<AuditType> fromWire(String wireName) {
    return Optional.ofNullable(BY_NAME.get(wireName));
  }

  static AuditType of(Class<?> record) {
    AuditType type = BY_RECORD.get(record);
    if (type == null) {
      throw new IllegalStateException(record.getName() + " has no AuditType");
    }
    return type;
  }
}
