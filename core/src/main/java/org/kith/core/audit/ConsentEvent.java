package org.kith.core.audit;

import java.util.List;

/** Events on the trails of access applications and of consent instances (shares). */
public sealed interface ConsentEvent extends AuditDetails {
  record ApplicationCreated(String name) implements ConsentEvent {}

  record ApplicationUpdated(String name) implements ConsentEvent {}

  record ApplicationDeleted() implements ConsentEvent {}

  /** A public key ({@code nId}) was added to the application. */
  record PublicKeyAdded(String nId, String thumbprint) implements ConsentEvent {}

  /** A wrapped private key ({@code nId}) was stored for the user {@code forUId}. */
  record PrivateKeyStored(String nId, String forUId) implements ConsentEvent {}

  /** A person shared {@code profileObjects} with the application {@code aId}. */
  record InstanceShared(String aId, List<String> profileObjects) implements ConsentEvent {}

  record InstanceMoved(String from, String to) implements ConsentEvent {}

  /**
   * Consent was withdrawn, which ends the instance; {@code by} is {@code sharer} or
   * {@code object_administrator}.
   */
  record InstanceWithdrawn(String from, String by) implements ConsentEvent {}

  /**
   * The instance ended without a withdrawal: {@code reason} is {@code application_deleted} (its application was
   * deleted, so no one receives it any more). {@code from} is the state it was in.
   */
  record InstanceEnded(String from, String reason) implements ConsentEvent {}

  /** An administrator of the application made {@code count} dead transition actions pending again. */
  record DeadLettersReplayed(long count) implements ConsentEvent {}

  /** An administrator of the application deleted {@code count} dead transition actions. */
  record DeadLettersPurged(long count) implements ConsentEvent {}

  /** A recipient read the instance. */
  record InstanceRead() implements ConsentEvent {}

  /** A recipient read the document of the shared object {@code nId}. */
  record InstanceContentRead(String nId) implements ConsentEvent {}

  /** An administrator set the application's webhook endpoint. */
  record WebhookSet(String url, List<String> events) implements ConsentEvent {}

  /** An administrator removed the application's webhook endpoint. */
  record WebhookRemoved() implements ConsentEvent {}

  /** An administrator replaced the application's webhook signing secret. */
  record WebhookSecretRotated() implements ConsentEvent {}
}
