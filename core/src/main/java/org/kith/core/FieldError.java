package org.kith.core;

/** One invalid input field: a JSON-pointer-like {@code path} and what is wrong with it. */
public record FieldError(String path, String message) {}
