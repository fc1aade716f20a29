package org.kith.api.web;

import java.util.concurrent.atomic.AtomicLong;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Bounds request bodies: JSON bodies to a small limit, routes that carry documents or images to a larger
 * one (base64 inflates by 4/3). A declared Content-Length over the limit is refused before reading; a
 * chunked body is counted as it streams and cut off at the limit. Either way: 413.
 */
@Order(-200)
public final class RequestSizeLimitFilter implements WebFilter {
  private final long jsonLimit;
  private final long documentLimit;

  public RequestSizeLimitFilter(long jsonLimit, long maxDocumentBytes) {
    this.jsonLimit = jsonLimit;
    this.documentLimit = maxDocumentBytes * 4 / 3 + jsonLimit;
  }

  long limitFor(ServerHttpRequest request) {
    String path = request.getPath().value();
    boolean documents = HttpMethod.POST.equals(request.getMethod())
        && (path.equals("/v1/db/profile-objects") || path.startsWith("/v1/clarity/"));
    return documents ? documentLimit : jsonLimit;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    long limit = limitFor(request);
    long declared = request.getHeaders().getContentLength();
    if (declared > limit) {
      return Mono.error(tooLarge(limit));
    }
    AtomicLong seen = new AtomicLong();
    ServerHttpRequest counted = new ServerHttpRequestDecorator(request) {
      @Override
      public Flux<DataBuffer> getBody() {
        return super.getBody().handle((buffer, sink) -> {
          if (seen.addAndGet(buffer.readableByteCount()) > limit) {
            org.springframework.core.io.buffer.DataBufferUtils.release(buffer);
            sink.error(tooLarge(limit));
          } else {
            sink.next(buffer);
          }
        });
      }
    };
    return chain.filter(exchange.mutate().request(counted).build());
  }

  private static Rejected tooLarge(long limit) {
    return Rejected.of(ProblemKind.PAYLOAD_TOO_LARGE, "the request body may have at most " + limit + " bytes");
  }
}
