package org.kith.api.web;

import java.util.concurrent.atomic.AtomicLong;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Bounds request bodies before they are buffered: JSON bodies to a small limit; routes that carry documents or
 * images to a larger one (base64 inflates by 4/3), of which everything but the documents' content still has the
 * small limit ({@link JsonBodyBudget}). A declared Content-Length over the limit is refused before reading; a
 * body is counted as it streams and cut off at the limit. Either way: 413.
 */
@Order(-200)
public final class RequestSizeLimitFilter implements WebFilter {
  private final long jsonLimit;
  private final long documentLimit;

  public RequestSizeLimitFilter(long jsonLimit, long maxDocumentBytes) {
    this.jsonLimit = jsonLimit;
    this.documentLimit = maxDocumentBytes * 4 / 3 + jsonLimit;
  }

  private static boolean carriesDocuments(ServerHttpRequest request) {
    String path = request.getPath().value();
    return HttpMethod.POST.equals(request.getMethod())
        && (path.equals("/v1/db/profile-objects") || path.startsWith("/v1/clarity/"));
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    boolean documents = carriesDocuments(request);
    long limit = documents ? documentLimit : jsonLimit;
    long declared = request.getHeaders().getContentLength();
    if (declared > limit) {
      return Mono.error(tooLarge(limit));
    }
    ServerHttpRequest counted = new ServerHttpRequestDecorator(request) {
      @Override
      public Flux<DataBuffer> getBody() {
        AtomicLong seen = new AtomicLong();
        JsonBodyBudget budget = documents ? new JsonBodyBudget(jsonLimit, limit) : null;
        return super.getBody().handle((buffer, sink) -> {
          if (seen.addAndGet(buffer.readableByteCount()) > limit) {
            DataBufferUtils.release(buffer);
            sink.error(tooLarge(limit));
          } else if (budget != null && !withinBudget(budget, buffer)) {
            DataBufferUtils.release(buffer);
            sink.error(Rejected.of(
                ProblemKind.PAYLOAD_TOO_LARGE,
                "the request body may have at most " + jsonLimit
                    + " bytes besides the documents' content"));
          } else {
            sink.next(buffer);
          }
        });
      }
    };
    return chain.filter(exchange.mutate().request(counted).build());
  }

  /** Feeds the buffer's readable bytes to the budget without copying or consuming them. */
  private static boolean withinBudget(JsonBodyBudget budget, DataBuffer buffer) {
    try (DataBuffer.ByteBufferIterator parts = buffer.readableByteBuffers()) {
      while (parts.hasNext()) {
        if (!budget.accept(parts.next())) {
          return false;
        }
      }
    }
    return true;
  }

  private static Rejected tooLarge(long limit) {
    return Rejected.of(
        ProblemKind.PAYLOAD_TOO_LARGE, "the request body may have at most " + limit + " bytes");
  }
}
