package org.kith.core.profile;

import org.kith.core.authz.Permission;
import org.kith.core.authz.Subject;

/** A permission held by a user or group on an object; with {@code cascade} it extends to the object's descendants. */
public record Grant(
    String pId, Subject subject, Permission permission, boolean cascade, String nId) {}
