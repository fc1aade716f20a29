package org.kith.core.consent;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.core.Ids;

/**
 * The events an application's webhook receives about its instances, in the Standard Webhooks payload form
 * {@code {type, timestamp, data}}. The data names what happened (instance, state, object ids), never a person's
 * data: the application reads that through its own access, which a withdrawal has already ended. Each event is an
 * outbox entry (method {@code event}) written in the transaction of the change it reports, and only when the
 * application's endpoint subscribes to its type at that moment; delivery signs it with the application's webhook
 * secret, retries with back-off and keeps it as a dead letter for replay ({@link ActionDelivery}).
 */
public final class ApplicationEvents {
  /** A person shared objects with the application: a new instance, or more objects in a sign-in instance. */
  public static final String SHARED = "instance.shared";
  /** The application moved the instance to another state. */
  public static final String MOVED = "instance.moved";
  /** Objects the instance shares were changed or deleted. */
  public static final String DATA_CHANGED = "instance.data_changed";
  /** The person (or an administrator of a shared object) withdrew consent: access has ended. */
  public static final String WITHDRAWN = "instance.withdrawn";

  public static final List<String> TYPES = List.of(SHARED, MOVED, DATA_CHANGED, WITHDRAWN);
  /** The outbox method of these events. */
  public static final String METHOD = "event";

  private ApplicationEvents() {}

  /** A new instance shared {@code nIds}. */
  public static OutboxEvent shared(Instance i, List<String> nIds, Instant now) {
    return event(
        SHARED,
        i.iId(),
        i.aId(),
        i.reference(),
        now,
        Map.of("_state", i.state(), "profile_objects", nIds));
  }

  public static OutboxEvent moved(Instance i, String to, Instant now) {
    return event(
        MOVED, i.iId(), i.aId(), i.reference(), now, Map.of("from", i.state(), "_state", to));
  }

  public static OutboxEvent withdrawn(Instance i, Instant now) {
    return event(
        WITHDRAWN,
        i.iId(),
        i.aId(),
        i.reference(),
        now,
        Map.of("from", i.state(), "_state", Transitions.WITHDRAWN));
  }

  /**
   * The person erased their account: instance {@code iId}, live until now in state {@code from}, is gone with it
   * ({@code by} {@code account_erased}).
   */
  public static OutboxEvent erased(
      String iId, String aId, @Nullable String reference, String from, Instant now) {
    return event(
        WITHDRAWN,
        iId,
        aId,
        reference,
        now,
        Map.of("from", from, "_state", Transitions.WITHDRAWN, "by", "account_erased"));
  }

  /**
   * Objects of instance {@code iId} of application {@code aId} were changed ({@code change} {@code updated}) or
   * deleted ({@code deleted}).
   */
  public static OutboxEvent dataChanged(
      String iId,
      String aId,
      @Nullable String reference,
      List<String> nIds,
      String change,
      Instant now) {
    return event(
        DATA_CHANGED, iId, aId, reference, now, Map.of("profile_objects", nIds, "change", change));
  }

  private static OutboxEvent event(
      String type,
      String iId,
      String aId,
      @Nullable String reference,
      Instant now,
      Map<String, Object> detail) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("i_id", iId);
    data.put("a_id", aId);
    if (reference != null) {
      data.put("reference", reference);
    }
    data.putAll(detail);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("type", type);
    payload.put("timestamp", now.toString());
    payload.put("data", data);
    return new OutboxEvent(
        "evt_" + Ids.uuid().replace("-", ""),
        iId,
        aId,
        Map.of("method", METHOD, "type", type),
        payload,
        0,
        now,
        OutboxEvent.PENDING,
        null,
        now);
  }
}
