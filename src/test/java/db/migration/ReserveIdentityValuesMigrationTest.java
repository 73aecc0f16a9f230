package db.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V31 on an H2 file database made by every migration: each identity column reserves its values 100,000 at a time,
 * and a database stopped without closing (as by a crash) goes on after the values it had reserved, repeating none.
 */
class ReserveIdentityValuesMigrationTest {

    @TempDir
    Path dir;

    @Test
    void everyIdentityColumnReservesManyValuesAndACrashRepeatsNoId() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("log2") + ";WRITE_DELAY=0";
        Flyway.configure().dataSource(url, "log2", "log2").locations("classpath:db/migration").load().migrate();

        Map<String, Long> caches = new TreeMap<>();
        Set<Long> ids = new HashSet<>();
        try (Connection c = DriverManager.getConnection(url, "log2", "log2"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT TABLE_NAME, IDENTITY_CACHE FROM INFORMATION_SCHEMA.COLUMNS "
                    + "WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND IS_IDENTITY = 'YES'")) {
                while (rs.next()) {
                    caches.put(rs.getString(1), rs.getLong(2));
                }
            }
            for (int i = 1; i <= 3; i++) {
                ids.add(insertFiring(s, i));
            }
            // what a kill -9 leaves: no checkpoint, no write of the sequences' current values
            s.execute("SHUTDOWN IMMEDIATELY");
        } catch (java.sql.SQLException closedByShutdown) {
            // the connection ends with the database
        }
        assertTrue(caches.containsKey("FIRING") && caches.containsKey("FINDING") && caches.containsKey("RUN_FINDING"), caches.toString());
        caches.forEach((table, cache) -> assertEquals(V31__Reserve_identity_values_on_h2.CACHE, cache, table));
        assertEquals(3, ids.size());

        try (Connection c = DriverManager.getConnection(url, "log2", "log2"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id FROM firing")) {
                while (rs.next()) {
                    assertTrue(ids.contains(rs.getLong(1)));
                }
            }
            long next = insertFiring(s, 4);
            assertFalse(ids.contains(next), "an id given before the crash was given again: " + next);
            assertTrue(next > ids.stream().mapToLong(Long::longValue).max().orElseThrow(), "ids go on after those given: " + next);
        }
    }

    private static long insertFiring(Statement s, int seq) throws Exception {
        s.executeUpdate("INSERT INTO firing (run_id, seq, agent, version, rule, fired_at, duration_nanos) "
                + "VALUES ('r', " + seq + ", 'a', 1, 'x', CURRENT_TIMESTAMP, 1)", new String[] {"ID"});
        try (ResultSet rs = s.getGeneratedKeys()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
