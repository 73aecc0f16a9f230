package io.log2.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A database of its own for a test whose figures would be changed by what other tests stored (labels, history):
 * a fresh in-memory H2 database, or in the pg test profile a fresh PostgreSQL database beside the one named by
 * {@code LOG2_DB_URL}, dropped again when the test is over.
 */
public class OwnDatabaseResource implements QuarkusTestResourceLifecycleManager {

    private String created;
    private String adminUrl;

    @Override
    public Map<String, String> start() {
        String name = "log2own" + ProcessHandle.current().pid() + "x" + System.nanoTime() % 1_000_000;
        if (!System.getProperty("quarkus.test.profile", "test").contains("pg")) {
            return Map.of("%test.quarkus.datasource.jdbc.url", "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        }
        adminUrl = System.getenv().getOrDefault("LOG2_DB_URL", "jdbc:postgresql://localhost:5432/log2");
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test's own database " + name, e);
        }
        created = name;
        URI db = URI.create(adminUrl.substring("jdbc:".length()));
        String url = "jdbc:postgresql://" + db.getHost() + ":" + (db.getPort() < 0 ? 5432 : db.getPort()) + "/" + name;
        return Map.of("quarkus.datasource.jdbc.url", url, "%pg.quarkus.datasource.jdbc.url", url);
    }

    @Override
    public void stop() {
        if (created == null) {
            return;
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + created + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop the test's own database " + created, e);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(adminUrl, System.getenv().getOrDefault("LOG2_DB_USER", "log2"),
                System.getenv().getOrDefault("LOG2_DB_PASSWORD", "log2"));
    }
}
