package org.kith.delivery.checks;

import java.io.ByteArrayOutputStream;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClientResponse;

/** A provider's HTTP answer read whole, up to a bound: its status and body. */
record BoundedAnswer(int status, byte[] body) {
  /**
   * Reads the answer's body, failing (and so ending the exchange) once it passes {@code max} bytes; an empty body is
   * zero bytes.
   */
  static Mono<BoundedAnswer> read(HttpClientResponse response, ByteBufFlux content, int max) {
    return content
        .asByteArray()
        .reduceWith(ByteArrayOutputStream::new, (all, chunk) -> {
          if (all.size() + chunk.length > max) {
            throw new IllegalStateException("the answer is larger than " + max + " bytes");
          }
          all.write(chunk, 0, chunk.length);
          return all;
        })
        .map(all -> new BoundedAnswer(response.status().code(), all.toByteArray()));
  }
}
