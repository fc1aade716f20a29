package org.kith.api.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.kith.api.PickupMails;

/**
 * A consent instance exposes an object only while its sharer holds ADMINS on it now (the new-enemy problem: a
 * revoked right is never used after the revocation is acknowledged); whoever administers a shared object sees and
 * ends every instance that shares it; concurrent moves of one instance are a compare-and-set.
 */
@DisplayName("consent instances after the sharer loses the right; concurrent moves")
class ConsentRevocationIT extends KithIT {
  private static final List<Map<String, Object>> TRANSITIONS = List.of(
      Map.of(
          "state",
          "Submitted",
          "next_states",
          List.of(Map.of("state", "Processing"), Map.of("state", "Rejected"))),
      Map.of("state", "Processing", "next_states", List.of(Map.of("state", "Approved"))));

  private String app(User admin) {
    return (String) post(
            "/v1/aa/applications",
            admin.token(),
            Map.of("name", "Lender", "transitions", TRANSITIONS))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("a_id");
  }

  private String documentOf(User owner, String text) {
    Map<?, ?> created = (Map<?, ?>) post(
            "/v1/db/profile-objects",
            owner.token(),
            Map.of(
                "schema",
                "ss_NZ_Person",
                "properties",
                Map.of(
                    "given_names", "Doc", "family_name", "Holder", "date_of_birth", "1990-01-02"),
                "document",
                Map.of(
                    "content",
                    Base64.getEncoder().encodeToString(text.getBytes()),
                    "type",
                    "text/plain")))
        .expectStatus()
        .isCreated()
        .expectBody(List.class)
        .returnResult()
        .getResponseBody()
        .get(0);
    return (String) created.get("n_id");
  }

  private String grant(User by, String nId, Map<String, Object> to) {
    Map<String, Object> body = new java.util.HashMap<>(to);
    body.put("permission", "ADMINS");
    Map<?, ?> granted = post("/v1/db/permissions/" + nId, by.token(), body)
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    return (String) ((Map<?, ?>) ((List<?>) granted.get("relationships")).get(0)).get("p_id");
  }

  private String share(User sharer, String aId, String nId) {
    return (String) post(
            "/v1/aa/instances",
            sharer.token(),
            Map.of("a_id", aId, "profile_objects", List.of(nId)))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("i_id");
  }

  private void exposes(User recipient, String iId, String nId, boolean exposed) {
    get("/v1/aa/instances/" + iId, recipient.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.profile_objects.length()")
        .isEqualTo(exposed ? 1 : 0);
    var content =
        get("/v1/aa/instances/" + iId + "/profile-objects/" + nId + "/content", recipient.token());
    if (exposed) {
      content.expectStatus().isOk();
    } else {
      content.expectStatus().isNotFound().expectHeader().contentType("application/problem+json");
    }
  }

  @Nested
  @DisplayName("the sharer loses ADMINS")
  class SharerLosesRight {
    @Test
    @DisplayName(
        "the owner revokes the sharer's grant: nothing exposed at once; re-granting exposes it again")
    void revokedGrant() {
      User owner = newUser("rv-owner");
      User sharer = newUser("rv-sharer");
      User bank = newUser("rv-bank");
      String nId = documentOf(owner, "passport");
      String pId = grant(owner, nId, Map.of("u_id", sharer.uId()));
      String iId = share(sharer, app(bank), nId);
      exposes(bank, iId, nId, true);
      delete("/v1/db/permissions/" + pId, owner.token()).expectStatus().isNoContent();
      exposes(bank, iId, nId, false);
      // what an instance exposes is derived at read time: the right, not a copy of it
      grant(owner, nId, Map.of("u_id", sharer.uId()));
      exposes(bank, iId, nId, true);
    }

    @Test
    @DisplayName("the sharer leaves the group that carried the right: nothing exposed")
    void groupLeft() {
      User owner = newUser("gl-owner");
      User sharer = newUser("gl-sharer");
      User bank = newUser("gl-bank");
      String nId = documentOf(owner, "licence");
      String team = group(owner, "family");
      post("/v1/db/groups/" + team + "/users", owner.token(), Map.of("u_id", sharer.uId()))
          .expectStatus()
          .isNoContent();
      grant(owner, nId, Map.of("g_id", team));
      String iId = share(sharer, app(bank), nId);
      exposes(bank, iId, nId, true);
      delete("/v1/db/groups/" + team + "/users/" + sharer.uId(), owner.token())
          .expectStatus()
          .isNoContent();
      exposes(bank, iId, nId, false);
    }

    @Test
    @DisplayName(
        "ownership moves away from the sharer: nothing exposed; the new owner sees and ends the instance")
    void ownershipMoved() {
      User sharer = newUser("om-sharer");
      User heir = newUser("om-heir");
      User bank = newUser("om-bank");
      String nId = documentOf(sharer, "deed");
      String iId = share(sharer, app(bank), nId);
      exposes(bank, iId, nId, true);
      put("/v1/db/owner/" + nId, sharer.token(), Map.of("u_id", heir.uId()))
          .expectStatus()
          .isOk();
      exposes(bank, iId, nId, false);
      get("/v1/aa/profile-objects/" + nId + "/shares", heir.token())
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$[0].i_id")
          .isEqualTo(iId);
      get("/v1/aa/instances/" + iId, heir.token())
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.profile_objects[0].n_id")
          .isEqualTo(nId);
      // the former owner may still see the instance it made, but no longer the object
      get("/v1/aa/instances/" + iId, sharer.token())
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.profile_objects.length()")
          .isEqualTo(0);
      delete("/v1/aa/instances/" + iId, heir.token())
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$._state")
          .isEqualTo("Withdrawn");
    }
  }

  @Test
  @DisplayName(
      "the object's owner sees and ends an instance someone else made of it; the end is audited")
  void ownerEndsAnothersShare() {
    User owner = newUser("oe-owner");
    User sharer = newUser("oe-sharer");
    User bank = newUser("oe-bank");
    User stranger = newUser("oe-stranger");
    String nId = documentOf(owner, "payslip");
    grant(owner, nId, Map.of("u_id", sharer.uId()));
    String iId = share(sharer, app(bank), nId);
    String none = java.util.UUID.randomUUID().toString();
    assertThat(notFound(get("/v1/aa/instances/" + iId, stranger.token()), iId))
        .isEqualTo(notFound(get("/v1/aa/instances/" + none, stranger.token()), none));
    assertThat(notFound(delete("/v1/aa/instances/" + iId, stranger.token()), iId))
        .isEqualTo(notFound(delete("/v1/aa/instances/" + none, stranger.token()), none));
    get("/v1/aa/instances/" + iId, owner.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.i_id")
        .isEqualTo(iId)
        .jsonPath("$.profile_objects[0].n_id")
        .isEqualTo(nId);
    delete("/v1/aa/instances/" + iId, owner.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$._state")
        .isEqualTo("Withdrawn");
    exposes(bank, iId, nId, false);
    get("/v1/audit/" + iId, owner.token())
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals("Kith-Audit-Chain", "valid")
        .expectBody()
        .jsonPath("$[?(@.event_type == 'instance_withdraw')].u_id")
        .isEqualTo(List.of(owner.uId()))
        .jsonPath("$[?(@.event_type == 'instance_withdraw')].event.by")
        .isEqualTo(List.of("object_administrator"));
  }

  @Test
  @DisplayName(
      "of concurrent conflicting moves exactly one wins, the others get 409, the action is queued once")
  void concurrentMoves() throws Exception {
    User bank = newUser("cm-bank");
    User person = newUser("cm-person");
    String ops = newUsername("cm-ops");
    List<Map<String, Object>> mail =
        List.of(Map.of("method", "email", "destinations", List.of(ops)));
    List<Map<String, Object>> transitions = List.of(Map.of(
        "state",
        "Submitted",
        "next_states",
        List.of(
            Map.of("state", "Processing", "actions", mail),
            Map.of("state", "Rejected", "actions", mail))));
    String aId = (String) post(
            "/v1/aa/applications",
            bank.token(),
            Map.of("name", "Racer", "transitions", transitions))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("a_id");
    for (int round = 0; round < 3; round++) {
      String iId = share(person, aId, person(person, "Racer " + round));
      int n = 8;
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(n);
      List<Future<Integer>> answers = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        String to = k % 2 == 0 ? "Processing" : "Rejected";
        answers.add(pool.submit(() -> {
          start.await();
          return put("/v1/aa/instances/" + iId, bank.token(), Map.of("_state", to))
              .returnResult(Void.class)
              .getStatus()
              .value();
        }));
      }
      start.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : answers) {
        statuses.add(f.get());
      }
      pool.shutdown();
      assertThat(statuses)
          .as("statuses of round " + round)
          .filteredOn(s -> s == 200)
          .hasSize(1);
      assertThat(statuses).filteredOn(s -> s != 200).containsOnly(409);
      List<?> trail = get("/v1/audit/" + iId, person.token())
          .expectStatus()
          .isOk()
          .expectBody(List.class)
          .returnResult()
          .getResponseBody();
      List<?> moves = trail.stream()
          .filter(e -> "instance_transition".equals(((Map<?, ?>) e).get("event_type")))
          .toList();
      assertThat(moves).hasSize(1);
    }
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (PickupMails.mailsTo(DATA_DIR, ops).size() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    Thread.sleep(1_000); // the deliverer polls every 100 ms: a duplicate would have arrived by now
    assertThat(PickupMails.mailsTo(DATA_DIR, ops))
        .as("one email per winning move")
        .hasSize(3);
  }
}
