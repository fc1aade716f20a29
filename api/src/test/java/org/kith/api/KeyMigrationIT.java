package org.kith.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.crypto.keys.KeySealing;
import org.kith.crypto.keys.SigningKeys;
import org.kith.graph.neo4j.GraphConnection;
import org.kith.graph.neo4j.GraphSettings;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

@DisplayName("keys of an older installation")
class KeyMigrationIT {
  @Test
  @DisplayName(
      "key files an older version kept in the data directory are moved, sealed, into the database on first start"
          + " and removed from the disk; the same keys are in use after a restart")
  void keyFilesMoveIntoTheDatabase() throws Exception {
    Path dir = Files.createTempDirectory("kith-key-migration-");
    Path keys = Files.createDirectories(dir.resolve("keys"));
    JWKSet set = new JWKSet(SigningKeys.generate());
    String kid = set.getKeys().get(0).getKeyID();
    Files.writeString(keys.resolve("signing-keys.jwks.json"), set.toString(false));
    Map<String, byte[]> secrets = new HashMap<>();
    for (String name : new String[] {"secret-hash", "field-commitment", "secret-seal"}) {
      byte[] key = new byte[32];
      key[0] = (byte) name.length();
      key[31] = (byte) name.charAt(7);
      secrets.put(name, key);
      Files.write(keys.resolve(name + ".key"), key);
    }

    for (int start = 0; start < 2; start++) {
      try (ConfigurableApplicationContext app = new SpringApplicationBuilder(KithApplication.class)
          .run("--server.port=0", "--kith.data-dir=" + dir)) {
        String port = app.getEnvironment().getProperty("local.server.port");
        WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + port)
            .build()
            .get()
            .uri("/.well-known/jwks.json")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.keys[0].kid")
            .isEqualTo(kid)
            .jsonPath("$.keys.length()")
            .isEqualTo(1);
      }
      try (var left = Files.list(keys)) {
        assertThat(left.map(p -> p.getFileName().toString())).containsExactly("key-encryption.key");
      }
    }
    assertThat(PosixFilePermissions.toString(
            Files.getPosixFilePermissions(keys.resolve("key-encryption.key"))))
        .isEqualTo("rw-------");

    KeySealing sealing = KeySealing.of(null, keys.resolve("key-encryption.key"));
    Map<String, String> sealed = new HashMap<>();
    try (GraphConnection graph = GraphConnection.open(GraphSettings.embedded(dir))) {
      graph
          .cypher()
          .read(
              "MATCH (k:KithKey) RETURN k.name AS name, k._sealed AS sealed",
              Map.of(),
              r -> Map.entry(r.get("name").asString(), r.get("sealed").asString()))
          .toIterable()
          .forEach(e -> sealed.put(e.getKey(), e.getValue()));
    }
    assertThat(sealed)
        .containsOnlyKeys("signing-keys", "secret-hash", "field-commitment", "secret-seal");
    for (var secret : secrets.entrySet()) {
      assertThat(sealing.unseal(secret.getKey(), sealed.get(secret.getKey())))
          .as(secret.getKey())
          .isEqualTo(secret.getValue());
    }
    assertThat(new String(
            sealing.unseal("signing-keys", sealed.get("signing-keys")), StandardCharsets.UTF_8))
        .isEqualTo(set.toString(false));
    KithProcesses.delete(dir);
  }
}
