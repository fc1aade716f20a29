package org.kith.core.checks;

import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Port: a business register that answers what it holds for a business number (the New Zealand Business Number
 * register and its peers). Adapters fail with {@link org.kith.core.Failed} (503) when the register cannot be
 * reached or answers something unexpected.
 */
public interface BusinessRegistry extends Verifier {
  /** What the register holds for {@code number}, or empty when it holds no such business. */
  Mono<Optional<BusinessEntity>> lookup(String number);

  /**
   * A business as the register holds it.
   *
   * @param number the business number
   * @param name the registered name
   * @param status the register's status ("Registered", "RemovedClosed", ...)
   * @param registered whether the status is the register's "registered" (trading) status
   * @param type the kind of entity ("NZ Limited Company", ...), when given
   * @param registrationDate when it was registered (as the register writes it), when given
   */
  record BusinessEntity(
      String number,
      String name,
      String status,
      boolean registered,
      @org.jspecify.annotations.Nullable String type,
      @org.jspecify.annotations.Nullable String registrationDate) {}
}
