package org.kith.core.org;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A short link of an organisation: an unguessable id that redirects to {@code url}. */
public record ShortLink(
    String linkId,
    String orgId,
    String url,
    @Nullable String description,
    boolean persist,
    Instant createdAt) {}
