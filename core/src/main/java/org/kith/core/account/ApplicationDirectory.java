package org.kith.core.account;

import reactor.core.publisher.Mono;

/**
 * Port: the access applications, as token grants see them: whether one still exists (its client-credential
 * tokens stop working when it goes), and which one a client id and secret prove.
 */
public interface ApplicationDirectory {
  /** An application that proved its client id and secret. */
  record Client(String aId, String name) {}

  Mono<Boolean> exists(String aId);

  /** The application whose client id and secret these are; empty for an unknown id or a wrong secret alike. */
  Mono<Client> authenticate(String clientId, String clientSecret);
}
