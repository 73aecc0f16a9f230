package io.log2.logs;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/** What the row writers share: the JDBC batch size, text cut to its column, and nulls for absent numbers. */
final class Columns {

    /** Rows sent to the database per JDBC batch. */
    static final int BATCH_ROWS = 1000;

    private Columns() {
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    static void setInteger(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, v);
        }
    }

    /** A missing or non-finite number is stored as null: neither database column can hold NaN or infinity alike. */
    static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null || v.isNaN() || v.isInfinite()) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }
}
