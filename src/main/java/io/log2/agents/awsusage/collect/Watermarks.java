package io.log2.agents.awsusage.collect;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/** The collectors' watermarks as stored ({@code collector_watermark}). */
@ApplicationScoped
public class Watermarks {

    @Inject
    DataSource dataSource;

    /** Every collector's watermark, by collector key. */
    @Transactional
    public Map<String, Watermark> all() {
        Map<String, Watermark> marks = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT collector, collected_to, window_to, read_down_to FROM collector_watermark");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                marks.put(rs.getString(1), new Watermark(rs.getString(1), instant(rs, 2), instant(rs, 3), instant(rs, 4)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the collectors' watermarks", e);
        }
        return marks;
    }

    /** Stores watermarks, replacing the collectors' earlier ones; joins the caller's transaction. */
    @Transactional
    public void save(Collection<Watermark> marks, Instant now) {
        if (marks.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement merge = c.prepareStatement("MERGE INTO collector_watermark w USING (VALUES ("
                     + "CAST(? AS VARCHAR(600)), CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE), "
                     + "CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE))) "
                     + "AS v (collector, collected_to, window_to, read_down_to, updated_at) ON w.collector = v.collector "
                     + "WHEN MATCHED THEN UPDATE SET collected_to = v.collected_to, window_to = v.window_to, "
                     + "read_down_to = v.read_down_to, updated_at = v.updated_at "
                     + "WHEN NOT MATCHED THEN INSERT (collector, collected_to, window_to, read_down_to, updated_at) "
                     + "VALUES (v.collector, v.collected_to, v.window_to, v.read_down_to, v.updated_at)")) {
            for (Watermark m : marks) {
                merge.setString(1, m.collector());
                setInstant(merge, 2, m.collectedTo());
                setInstant(merge, 3, m.windowTo());
                setInstant(merge, 4, m.readDownTo());
                setInstant(merge, 5, now);
                merge.addBatch();
            }
            merge.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the collectors' watermarks", e);
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, value.atOffset(ZoneOffset.UTC));
        }
    }
}
