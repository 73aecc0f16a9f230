package io.log2.logs;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * The writer could not reach the database (no connection, or the connection broke): no run of the group is
 * at fault, so the group fails as a whole instead of being split to find a culprit.
 */
final class DatabaseDown extends Exception {

    DatabaseDown(Throwable cause) {
        super(cause);
    }

    /** Whether a failed write lost its connection rather than had its data refused. */
    static boolean isConnectionLost(Throwable failure, Connection c) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            // SQL state class 08 is "connection exception" in both PostgreSQL and H2.
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        try {
            return !c.isValid(2);
        } catch (SQLException | RuntimeException e) {
            return true;
        }
    }
}
