package org.kith.core.query;

import java.time.Duration;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Port: runs an analyst's Cypher for a user so that it reads only what that user may see, or rejects it
 * ({@link org.kith.core.Rejected} with a reason in the user's terms). If a returned entity is not visible to
 * the user despite the guard, the adapter fails with {@link GuardDefect} instead of answering.
 */
public interface AnalystQueries {
  /**
   * @param uId the caller
   * @param query Cypher text, already within the service's size limits
   * @param params the query's parameters (no reserved names)
   * @param limit at most this many rows are returned; more make the result {@code truncated}
   * @param timeout the query's transaction is terminated after this long
   */
  Mono<QueryResult> run(
      String uId, String query, Map<String, Object> params, int limit, Duration timeout);
}
