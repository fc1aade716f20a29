package org.kith.core.profile;

/** A stored document: its content address (SHA-256, hex), media type and size in bytes. */
public record DocumentRef(String sha256, String contentType, long size) {}
