package org.kith.core.profile;

import java.util.Map;

/** A typed, directed link between two profile objects ({@code start} → {@code end}); grants cascade along it. */
public record Relationship(
    String pId, String type, String start, String end, Map<String, Object> properties) {}
