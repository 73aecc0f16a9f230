package io.log2.logs;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.URI;
import java.sql.SQLException;
import java.util.Map;
import org.h2.tools.Server;

/**
 * Puts a {@link TcpProxy} between the service and its database. On PostgreSQL (the pg test profile) the proxy
 * leads to the database named by {@code LOG2_DB_URL}; on H2 it leads to an H2 TCP server started here, since
 * the embedded database has no connection to cut. Short timeouts keep an outage test short.
 */
public class DatabaseProxyResource implements QuarkusTestResourceLifecycleManager {

    /** How long a run waits for its commit in the outage test. */
    static final String COMMIT_TIMEOUT = "6s";

    private static TcpProxy proxy;
    private static Server h2;

    static TcpProxy proxy() {
        return proxy;
    }

    @Override
    public Map<String, String> start() {
        try {
            String url;
            if (System.getProperty("quarkus.test.profile", "test").contains("pg")) {
                String real = System.getenv().getOrDefault("LOG2_DB_URL", "jdbc:postgresql://localhost:5432/log2");
                URI db = URI.create(real.substring("jdbc:".length()));
                proxy = new TcpProxy(db.getHost(), db.getPort() < 0 ? 5432 : db.getPort());
                url = "jdbc:postgresql://localhost:" + proxy.port() + db.getPath() + "?reWriteBatchedInserts=true";
            } else {
                h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
                proxy = new TcpProxy("localhost", h2.getPort());
                url = "jdbc:h2:tcp://localhost:" + proxy.port() + "/mem:log2outage;DB_CLOSE_DELAY=-1";
            }
            return Map.of(
                    "quarkus.datasource.jdbc.url", url,
                    "%pg.quarkus.datasource.jdbc.url", url,
                    "quarkus.datasource.jdbc.acquisition-timeout", "2S",
                    "log2.commit-timeout", COMMIT_TIMEOUT,
                    "log2.writer-queue-wait", "1s");
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the database proxy", e);
        }
    }

    @Override
    public void stop() {
        try {
            if (proxy != null) {
                proxy.close();
            }
        } catch (java.io.IOException ignored) {
            // the test is over
        }
        if (h2 != null) {
            h2.stop();
        }
    }
}
