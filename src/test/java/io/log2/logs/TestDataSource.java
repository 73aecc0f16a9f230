package io.log2.logs;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The service's real datasource with two switches a test can throw where the real database cannot be made to
 * misbehave on cue: a gate that holds every connection request until opened (so that runs pile up in the
 * writer's queue and share one commit group), and a cut that makes every connection request fail as an
 * unreachable database does.
 */
final class TestDataSource implements DataSource {

    private final DataSource real;
    private final CountDownLatch gate = new CountDownLatch(1);
    private volatile boolean gated;
    private volatile boolean cut;
    private final CountDownLatch waiting = new CountDownLatch(1);

    TestDataSource(DataSource real) {
        this.real = real;
    }

    /** Holds connection requests until {@link #open()}. */
    TestDataSource gated() {
        gated = true;
        return this;
    }

    void open() {
        gated = false;
        gate.countDown();
    }

    /** Waits until someone is held at the gate. */
    void awaitWaiter() throws InterruptedException {
        if (!waiting.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("nobody asked for a connection");
        }
    }

    void cut(boolean cut) {
        this.cut = cut;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (gated) {
            waiting.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted at the gate");
            }
        }
        if (cut) {
            throw new SQLTransientConnectionException("Connection to localhost:5432 refused", "08001");
        }
        return real.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return real.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        real.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        real.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return real.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return real.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return real.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return real.isWrapperFor(iface);
    }
}
