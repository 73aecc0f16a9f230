package io.log2.logs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes the {@code firing} rows of a group of runs, with the matched facts and bound values as JSON and the finding
 * a firing reported to. On PostgreSQL the rows go through one binary {@code COPY … FROM STDIN} per group, which the server
 * takes for far less work per row than an {@code INSERT} (no statement per row, no bind per column); other databases
 * get JDBC batches. Either way the rows are part of the group's transaction, and a value the database refuses fails
 * the statement, so the writer's halving finds the run at fault as before.
 */
final class FiringRows {

    /** The length of the {@code error} column. */
    static final int ERROR_LENGTH = 2000;
    private static final String COLUMNS = "run_id, seq, agent, version, rule, package_name, file, source_row, resource, "
            + "facts, bindings, fired_at, duration_nanos, error, finding_id";
    private static final int COLUMN_COUNT = COLUMNS.split(",").length;
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
        CopyIn in = pg.getCopyAPI().copyIn("COPY firing (" + COLUMNS + ") FROM STDIN (FORMAT binary)");
        try {
            CopyBinary row = new CopyBinary();
            for (int i = 0; i < runs.size(); i++) {
                RunRecord r = runs.get(i);
                Map<Integer, Long> findings = findingOfFiring.get(i);
                for (CapturedFiring f : r.firings()) {
                    row.start(COLUMN_COUNT).text(r.runId()).int4(f.seq()).text(r.agent()).int4(r.version())
                            .text(f.rule().name()).text(f.rule().packageName()).text(f.rule().file()).int4(f.rule().row())
                            .text(Columns.truncate(f.resource(), 512)).text(json.facts(f)).text(json.bindings(f))
                            .timestamp(f.firedAt()).int8(f.durationNanos())
                            .text(Columns.truncate(f.error(), ERROR_LENGTH)).int8(findings.get(f.seq()));
                    if (row.length() >= COPY_CHUNK) {
                        send(in, row);
                    }
                }
            }
            row.end();
            send(in, row);
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    private static void send(CopyIn in, CopyBinary row) throws SQLException {
        if (row.length() > 0) {
            in.writeToCopy(row.bytes(), 0, row.length());
            row.clear();
        }
    }

    /**
     * Rows in COPY's binary format: each value as its length and its bytes, numbers and times in their binary form.
     * No value is escaped or searched for separators, and no number or time is turned into text and back; the bytes
     * of the matched facts and bound values, most of a row, are copied as they are. Each value must be in the
     * binary form of its column's type exactly (INTEGER as 4 bytes, BIGINT as 8, TIMESTAMP WITH TIME ZONE as 8): a
     * migration that changes a firing column's type changes its value here too, or every COPY is refused.
     */
    static final class CopyBinary {
        /** The signature, no flags, no header extension. */
        private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
        /** PostgreSQL counts time in microseconds from 2000-01-01 00:00 UTC. */
        private static final long EPOCH_2000_MICROS = 946_684_800_000_000L;

        /** Big-endian, as COPY wants its numbers; grown when a row does not fit. */
        private ByteBuffer buffer = ByteBuffer.allocate(COPY_CHUNK * 2);

        CopyBinary() {
            room(HEADER.length).put(HEADER);
        }

        CopyBinary start(int columns) {
            room(2).putShort((short) columns);
            return this;
        }

        CopyBinary text(String value) {
            if (value == null) {
                return nothing();
            }
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            room(4 + bytes.length).putInt(bytes.length).put(bytes);
            return this;
        }

        CopyBinary int4(Integer value) {
            if (value == null) {
                return nothing();
            }
            room(8).putInt(4).putInt(value);
            return this;
        }

        CopyBinary int8(Long value) {
            if (value == null) {
                return nothing();
            }
            room(12).putInt(8).putLong(value);
            return this;
        }

        /** To the microsecond, rounded half up (PostgreSQL rounds a time given as text half to even: the same but for exact ties). */
        CopyBinary timestamp(Instant at) {
            room(12).putInt(8).putLong(at.getEpochSecond() * 1_000_000L + Math.round(at.getNano() / 1000.0) - EPOCH_2000_MICROS);
            return this;
        }

        /** The end of the data, after the last row. */
        void end() {
            room(2).putShort((short) -1);
        }

        int length() {
            return buffer.position();
        }

        byte[] bytes() {
            return buffer.array();
        }

        void clear() {
            buffer.clear();
        }

        private CopyBinary nothing() {
            room(4).putInt(-1);
            return this;
        }

        private ByteBuffer room(int more) {
            if (buffer.remaining() < more) {
                ByteBuffer larger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + more));
                buffer = larger.put(buffer.flip());
            }
            return buffer;
        }
    }
}
