import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Transaction;

/**
 * Seeds the user population of the permission-graph benchmark straight into a stopped server's embedded database
 * (signing up 100,000 people over HTTP would spend hours in Argon2): {@code users} accounts, verified, with no
 * password (no one can log in as them: they exist to be grant subjects and group members, as the people an
 * installation's objects are shared with), in groups of 100 (each owned by its first member). Node shapes are
 * Kith's own ({@code Neo4jAccountStore}, {@code Neo4jGroupStore}). Writes the user ids, then the group ids, one a
 * line, to {@code out}.
 *
 * <p>Usage (bench/run.sh does this with the server's libraries on the class path): {@code java GraphSeed
 * <dataDir> <users> <out>}.
 */
public final class GraphSeed {
  private static final int GROUP_SIZE = 100;
  private static final int BATCH = 10_000;

  public static void main(String[] args) throws IOException {
    Path home = Path.of(args[0]).resolve("neo4j").toAbsolutePath();
    int users = Integer.parseInt(args[1]);
    Path out = Path.of(args[2]);
    long t0 = System.nanoTime();
    DatabaseManagementService service = new DatabaseManagementServiceBuilder(home)
        .setConfig(BoltConnector.enabled, false)
        .setConfig(HttpConnector.enabled, false)
        .setConfig(HttpsConnector.enabled, false)
        .build();
    List<String> uIds = new ArrayList<>();
    List<String> gIds = new ArrayList<>();
    try {
      GraphDatabaseService db = service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
      ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
      for (int start = 0; start < users; start += BATCH) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = start; i < Math.min(users, start + BATCH); i++) {
          String uId = UUID.randomUUID().toString();
          uIds.add(uId);
          rows.add(Map.of("u_id", uId, "username", "seed-" + i + "-" + uId.substring(0, 8) + "@example.com"));
        }
        List<Map<String, Object>> groups = new ArrayList<>();
        for (int i = start; i < Math.min(users, start + BATCH); i += GROUP_SIZE) {
          String gId = UUID.randomUUID().toString();
          gIds.add(gId);
          groups.add(Map.of("g_id", gId, "name", "seed group " + i / GROUP_SIZE,
              "members", uIds.subList(i, Math.min(users, i + GROUP_SIZE))));
        }
        try (Transaction tx = db.beginTx()) {
          tx.execute("UNWIND $rows AS r CREATE (:User {u_id: r.u_id, username: r.username, verified: true,"
              + " reset_pending: false, disabled: false, created_at: $now})", Map.of("rows", rows, "now", now)).close();
          tx.execute("UNWIND $groups AS g MATCH (o:User {u_id: g.members[0]})"
              + " CREATE (grp:Group {g_id: g.g_id, name: g.name, owner_u_id: o.u_id, created_at: $now})"
              + " WITH g, grp UNWIND g.members AS m MATCH (u:User {u_id: m}) CREATE (u)-[:BELONGS_TO]->(grp)",
              Map.of("groups", groups, "now", now)).close();
          tx.commit();
        }
      }
    } finally {
      service.shutdown();
    }
    List<String> lines = new ArrayList<>(uIds);
    lines.add("");
    lines.addAll(gIds);
    Files.write(out, lines);
    System.out.printf("seeded %d users in %d groups of %d in %.1f s%n", uIds.size(), gIds.size(), GROUP_SIZE,
        (System.nanoTime() - t0) / 1e9);
  }
}
