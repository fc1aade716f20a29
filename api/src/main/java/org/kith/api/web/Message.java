package org.kith.api.web;

/** An answer that only says what happened. */
public record Message(String message) {}
