package org.kith.crypto.keys;

import java.util.concurrent.ConcurrentHashMap;
import org.kith.core.keys.KeyVault;
import reactor.core.publisher.Mono;

/** A {@link KeyVault} in memory, with the database's compare-and-set rule, for tests. */
public final class MemoryKeyVault implements KeyVault {
  private final ConcurrentHashMap<String, Sealed> values = new ConcurrentHashMap<>();

  @Override
  public Mono<Sealed> read(String name) {
    return Mono.justOrEmpty(values.get(name));
  }

  @Override
  public Mono<Boolean> write(String name, long expected, String value) {
    return Mono.fromSupplier(() -> {
      boolean[] written = {false};
      values.compute(name, (n, old) -> {
        long version = old == null ? 0 : old.version();
        if (version != expected) {
          return old;
        }
        written[0] = true;
        return new Sealed(expected + 1, value);
      });
      return written[0];
    });
  }

  /** The sealed value as stored (tests look inside). */
  public Sealed stored(String name) {
    return values.get(name);
  }
}
