package org.kith.api.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Caching headers of the unauthenticated read routes, decided in this one place. Each answer carries a strong
 * ETag over the JSON it sends (so a client revalidates with {@code If-None-Match} and gets 304 without a body:
 * WebFlux answers it for GET and HEAD when the entity has an ETag), and one of two policies:
 *
 * <ul>
 *   <li>{@link #SHARED}: the same for everyone and not withdrawn, like a schema; shared caches may keep it a few
 *       minutes.
 *   <li>{@link #REVALIDATE}: what a person made public and may make private again; any cache must ask Kith
 *       before each reuse, so a withdrawn object is never served from a cache after the withdrawal.
 * </ul>
 */
@Component
public final class PublicCaching {
  /** Shared, stable content (public schemas): five minutes in any cache. */
  public static final CacheControl SHARED =
      CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic();

  /** A person's public objects: cacheable, but revalidated on every use. */
  public static final CacheControl REVALIDATE = CacheControl.noCache().cachePublic();

  private final ObjectMapper json;

  public PublicCaching(ObjectMapper json) {
    this.json = json;
  }

  /** A 200 answer with {@code body}, its ETag and the caching policy {@code cache}. */
  public <T> ResponseEntity<T> ok(T body, CacheControl cache) {
    return ResponseEntity.ok().eTag(etag(body)).cacheControl(cache).body(body);
  }

  /** A strong entity tag: the first 128 bits of the SHA-256 of the JSON as the application's mapper writes it. */
  String etag(Object body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(body));
      return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a response body that cannot be written as JSON", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
