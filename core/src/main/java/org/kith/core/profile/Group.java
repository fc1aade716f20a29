package org.kith.core.profile;

import org.jspecify.annotations.Nullable;

/** A named set of users; its owner manages members. PUBLIC is built in and has no owner. */
public record Group(String gId, String name, @Nullable String ownerUId) {}
