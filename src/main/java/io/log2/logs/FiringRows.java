package io.log2.logs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes the {@code firing} rows of a group of runs, with the matched facts and bound values as JSON and the finding
 * a firing reported to. On PostgreSQL the rows go through one {@code COPY … FROM STDIN} per group, which the server
 * takes for far less work per row than an {@code INSERT} (no statement per row, no bind per column); other databases
 * get JDBC batches. Either way the rows are part of the group's transaction, and a value the database refuses fails
 * the statement, so the writer's halving finds the run at fault as before.
 */
final class FiringRows {

    /** The length of the {@code error} column. */
    static final int ERROR_LENGTH = 2000;
    private static final String COLUMNS = "run_id, seq, agent, version, rule, package_name, file, source_row, resource, "
            + "facts, bindings, fired_at, duration_nanos, error, finding_id";
    /** Bytes gathered before they are sent to the server during a COPY. */
    private static final int COPY_CHUNK = 1 << 16;

    private final FiringJson json = new FiringJson();

    void insert(Connection c, List<RunRecord> runs, List<Map<Integer, Long>> findingOfFiring) throws SQLException {
        PGConnection pg = c.isWrapperFor(PGConnection.class) ? c.unwrap(PGConnection.class) : null;
        if (pg != null) {
            copy(pg, runs, findingOfFiring);
        } else {
            batch(c, runs, findingOfFiring);
        }
    }

    private void batch(Connection c, List<RunRecord> runs, List<Map<Integer, Long>> findingOfFiring) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO firing (" + COLUMNS + ") "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int rows = 0;
            for (int i = 0; i < runs.size(); i++) {
                RunRecord r = runs.get(i);
                Map<Integer, Long> findings = findingOfFiring.get(i);
                for (CapturedFiring f : r.firings()) {
                    ps.setString(1, r.runId());
                    ps.setInt(2, f.seq());
                    ps.setString(3, r.agent());
                    ps.setInt(4, r.version());
                    ps.setString(5, f.rule().name());
                    ps.setString(6, f.rule().packageName());
                    ps.setString(7, f.rule().file());
                    Columns.setInteger(ps, 8, f.rule().row());
                    ps.setString(9, Columns.truncate(f.resource(), 512));
                    ps.setString(10, json.facts(f));
                    ps.setString(11, json.bindings(f));
                    ps.setObject(12, f.firedAt().atOffset(ZoneOffset.UTC));
                    ps.setLong(13, f.durationNanos());
                    ps.setString(14, Columns.truncate(f.error(), ERROR_LENGTH));
                    Long finding = findings.get(f.seq());
                    if (finding == null) {
                        ps.setNull(15, Types.BIGINT);
                    } else {
                        ps.setLong(15, finding);
                    }
                    ps.addBatch();
                    if (++rows % Columns.BATCH_ROWS == 0) {
                        ps.executeBatch();
                    }
                }
            }
            ps.executeBatch();
        }
    }

    private void copy(PGConnection pg, List<RunRecord> runs, List<Map<Integer, Long>> findingOfFiring) throws SQLException {
        CopyIn in = pg.getCopyAPI().copyIn("COPY firing (" + COLUMNS + ") FROM STDIN");
        try {
            CopyText row = new CopyText();
            for (int i = 0; i < runs.size(); i++) {
                RunRecord r = runs.get(i);
                Map<Integer, Long> findings = findingOfFiring.get(i);
                for (CapturedFiring f : r.firings()) {
                    row.text(r.runId()).number(f.seq()).text(r.agent()).number(r.version()).text(f.rule().name())
                            .text(f.rule().packageName()).text(f.rule().file()).number(f.rule().row())
                            .text(Columns.truncate(f.resource(), 512)).text(json.facts(f)).text(json.bindings(f))
                            // An instant in ISO-8601 with its Z, which PostgreSQL reads as UTC (to the microsecond).
                            .text(f.firedAt().toString()).number(f.durationNanos())
                            .text(Columns.truncate(f.error(), ERROR_LENGTH)).number(findings.get(f.seq())).end();
                    if (row.length() >= COPY_CHUNK) {
                        send(in, row);
                    }
                }
            }
            send(in, row);
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    private static void send(CopyIn in, CopyText row) throws SQLException {
        byte[] bytes = row.drain().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0) {
            in.writeToCopy(bytes, 0, bytes.length);
        }
    }

    /** Rows in COPY's text format: tab between columns, a newline after each row, {@code \N} for null. */
    static final class CopyText {
        private final StringBuilder out = new StringBuilder(COPY_CHUNK * 2);
        private boolean first = true;

        CopyText text(String value) {
            separate();
            if (value == null) {
                out.append("\\N");
                return this;
            }
            for (int i = 0; i < value.length(); i++) {
                char ch = value.charAt(i);
                switch (ch) {
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> out.append(ch);
                }
            }
            return this;
        }

        CopyText number(Number value) {
            separate();
            out.append(value == null ? "\\N" : value.toString());
            return this;
        }

        CopyText number(long value) {
            separate();
            out.append(value);
            return this;
        }

        void end() {
            out.append('\n');
            first = true;
        }

        int length() {
            return out.length();
        }

        String drain() {
            String text = out.toString();
            out.setLength(0);
            return text;
        }

        private void separate() {
            if (!first) {
                out.append('\t');
            }
            first = false;
        }
    }
}
