package org.kith.core.account;

import reactor.core.publisher.Mono;

/** Port: organisation invitations that a sign-up may carry ({@code verification_code_org}). */
public interface InvitationRedeemer {
  /** Whether {@code code} is a live invitation for this username (an email address). */
  Mono<Boolean> isInvited(String code, String username);

  /** Makes the user a member of the inviting organisation and consumes the invitation. */
  Mono<Boolean> redeem(String code, String username, String uId);
}
