package org.kith.core.audit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The typed details of one audit event, in the manner of Keycloak's {@code EventType} with its details: each
 * kind of event is one record, and its {@link AuditType} names it on the wire. A record stands for exactly one
 * type, so a call site cannot pair a type with details of another shape.
 *
 * <p>On the wire (and in the hash the chain covers) the details are a flat map: one key per record component,
 * named in snake_case ({@code forUId} becomes {@code for_u_id}), and a component that is {@code null} is left
 * out. Details never hold a secret (password, token, code): a record has no component for one.
 */
public sealed interface AuditDetails
    permits AccountEvent,
        AdminEvent,
        ConsentEvent,
        GroupEvent,
        OidcEvent,
        OrganisationEvent,
        ProfileEvent,
        QueryEvent,
        VerificationEvent {

  /** The type this record stands for. */
  default AuditType auditType() {
    return AuditType.of(getClass());
  }

  /** The details as stored: snake_case keys in declaration order, absent ({@code null}) components left out. */
  default Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    for (RecordComponent c : getClass().getRecordComponents()) {
      Object value;
      try {
        value = c.getAccessor().invoke(this);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException(
            "audit details " + getClass().getName() + " are not readable", e);
      }
      if (value != null) {
        map.put(snakeCase(c.getName()), value);
      }
    }
    return map;
  }

  /** {@code forUId} → {@code for_u_id}: an underscore before each capital, which is lowered. */
  static String snakeCase(String name) {
    StringBuilder out = new StringBuilder(name.length() + 4);
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      if (Character.isUpperCase(ch)) {
        out.append('_').append(Character.toLowerCase(ch));
      } else {
        out.append(ch);
      }
    }
    return out.toString();
  }
}
