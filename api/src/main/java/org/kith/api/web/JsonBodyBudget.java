package org.kith.api.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.async.ByteBufferFeeder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Counts a JSON body as it streams in, with Jackson's non-blocking tokenizer, so that a route carrying documents
 * (base64 strings) still holds everything else to the small JSON limit: each value's bytes are charged to the
 * documents when the value is a document's content, to the JSON otherwise. A string still arriving is charged as
 * what its place says it will be. Malformed JSON stops the tokenizing and charges the rest as JSON (the decoder
 * answers 400 for it). One instance per request body; not thread-safe.
 */
final class JsonBodyBudget {
  /**
   * Where documents travel: a key whose string value is a document, by the key of the object holding it; and
   * arrays whose string elements are documents, by their key.
   */
  private static final Map<String, Set<String>> DOCUMENT_FIELDS =
      Map.of("content", Set.of("document"), "data", Set.of("file", "image"));

  private static final Set<String> DOCUMENT_ARRAYS = Set.of("form_data");

  private final JsonParser parser;
  private final ByteBufferFeeder feeder;
  private final long jsonLimit;
  private long fed;
  private long charged;
  private long json;
  private boolean malformed;
  private @Nullable JsonToken last;

  JsonBodyBudget(long jsonLimit, long totalLimit) {
    this.jsonLimit = jsonLimit;
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxStringLength((int) Math.min(Integer.MAX_VALUE, totalLimit))
            .build())
        .build();
    try {
      this.parser = factory.createNonBlockingByteBufferParser();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.feeder = (ByteBufferFeeder) parser.getNonBlockingInputFeeder();
  }

  /**
   * Takes the next bytes of the body (read before this returns, so the caller may pass the buffer on); answers
   * whether the JSON outside documents is still within its limit.
   */
  boolean accept(ByteBuffer bytes) {
    fed += bytes.remaining();
    if (!malformed) {
      try {
        feeder.feedInput(bytes);
        drain();
      } catch (IOException e) {
        malformed = true;
      }
    }
    long pending = fed - charged;
    return json + (!malformed && pendingIsDocument() ? 0 : pending) <= jsonLimit;
  }

  private void drain() throws IOException {
    JsonToken token;
    while ((token = parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
      long end = parser.currentLocation().getByteOffset();
      if (!(token == JsonToken.VALUE_STRING && isDocument(parser.getParsingContext(), last))) {
        json += end - charged;
      }
      charged = end;
      last = token;
    }
  }

  /** Whether the bytes after the last whole token are (the start of) a document's content. */
  private boolean pendingIsDocument() {
    return isDocument(parser.getParsingContext(), last);
  }

  /** Whether a string value here, after {@code previous} (its key, in an object), is a document. */
  private static boolean isDocument(JsonStreamContext here, @Nullable JsonToken previous) {
    JsonStreamContext parent = here.getParent();
    String holder = parent == null ? null : parent.getCurrentName();
    if (holder == null) {
      return false;
    }
    if (here.inArray()) {
      return DOCUMENT_ARRAYS.contains(holder);
    }
    String key = here.getCurrentName();
    return here.inObject()
        && previous == JsonToken.FIELD_NAME
        && key != null
        && DOCUMENT_FIELDS.getOrDefault(key, Set.of()).contains(holder);
  }
}
