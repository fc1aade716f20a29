package org.kith.core.audit;

/** Events on an organisation's trail. */
public sealed interface OrganisationEvent extends AuditDetails {
  record Created(String name) implements OrganisationEvent {}

  record Updated(String name) implements OrganisationEvent {}

  /** An invitation was emailed to {@code email} (its code is never recorded). */
  record Invited(String email) implements OrganisationEvent {}

  /** {@code uId} redeemed an invitation. */
  record Joined(String uId) implements OrganisationEvent {}

  record LinkCreated(String linkId) implements OrganisationEvent {}

  /** {@code email} was asked to apply. */
  record ApplicationRequested(String email) implements OrganisationEvent {}

  /** The application request was emailed again. */
  record ApplicationRequestResent(String shortCode) implements OrganisationEvent {}

  record ApplicationRequestDeleted(String shortCode) implements OrganisationEvent {}

  record ApplicationRequestCompleted(String shortCode) implements OrganisationEvent {}

  record DomainSaved(String domain) implements OrganisationEvent {}

  /** An application request nobody completed ended 7 days after it was made. */
  record ApplicationRequestExpired(String shortCode) implements OrganisationEvent {}

  /** An admin (or the owner) made member {@code uId} an {@code admin} or a {@code member}. */
  record RoleChanged(String uId, String role) implements OrganisationEvent {}

  /** Member {@code uId} was removed (or left: then it is the event's actor too). */
  record MemberRemoved(String uId) implements OrganisationEvent {}

  /** The owner {@code from} handed the organisation over to {@code to}. */
  record OwnershipTransferred(String from, String to) implements OrganisationEvent {}
}
