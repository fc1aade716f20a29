package org.kith.core.profile;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One object's new labels (null keeps them) and properties, as one element of a bulk update. */
public record ProfileChange(
    String nId, @Nullable List<String> labels, Map<String, Object> properties) {}
