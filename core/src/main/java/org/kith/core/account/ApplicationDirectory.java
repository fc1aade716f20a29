package org.kith.core.account;

import reactor.core.publisher.Mono;

/** Port: whether an access application still exists, so its client-credential tokens stop working when it goes. */
public interface ApplicationDirectory {
  Mono<Boolean> exists(String aId);
}
