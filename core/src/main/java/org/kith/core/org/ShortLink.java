package org.kith.core.org;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A short link: an unguessable id that redirects to {@code url}. It belongs to an organisation ({@code orgId},
 * made by one of its admins) or to one person ({@code ownerUId}, {@code POST /v1/links}); exactly one is set.
 */
public record ShortLink(
    String linkId,
    @Nullable String orgId,
    @Nullable String ownerUId,
    String url,
    @Nullable String description,
    boolean persist,
    Instant createdAt) {}
