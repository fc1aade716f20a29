package org.kith.core.authz;

/** A permission of a resource type and how it is computed. */
public record Rule(String permission, Rewrite rewrite) {}
