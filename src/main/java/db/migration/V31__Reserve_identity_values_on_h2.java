package db.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * H2 only: every identity column reserves its values 100,000 at a time instead of 32. H2 records a sequence's
 * reservation in a commit of its own, and with {@code WRITE_DELAY=0} each commit writes every changed page to the file,
 * the writer's uncommitted rows included: the firing writer's inserts stopped for such a write every 32 firings (more
 * than a quarter of its time at a 10% fire rate), and still every 1,000 with a cache of 1,000 (a sixth). A reservation
 * survives a crash as a gap in the ids, never as a repeated id. PostgreSQL logs a sequence's advance in the write-ahead
 * log of the transaction that takes the value, so it is left as it is. An identity column made by a later migration
 * needs the same on H2 from that migration.
 */
public class V31__Reserve_identity_values_on_h2 extends BaseJavaMigration {

    static final int CACHE = 100_000;

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        if (!"H2".equals(c.getMetaData().getDatabaseProductName())) {
            return;
        }
        try (Statement s = c.createStatement()) {
            List<String> alters = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT TABLE_NAME, COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS "
                    + "WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND IS_IDENTITY = 'YES'")) {
                while (rs.next()) {
                    alters.add("ALTER TABLE \"" + rs.getString(1) + "\" ALTER COLUMN \"" + rs.getString(2)
                            + "\" SET CACHE " + CACHE);
                }
            }
            for (String alter : alters) {
                s.execute(alter);
            }
        }
    }
}
