package io.log2.agents.awsusage.imports;

import io.log2.imports.ImportRejectedException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.log2.agents.awsusage.CostRecord;
import io.log2.agents.awsusage.history.CostHistory;
import jakarta.enterprise.context.ApplicationScoped;
import io.log2.imports.UploadLimits;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Reads an export or metric series and stores it in the history, all of it or none: the file is read whole
 * before anything is written, and what it holds is written in one transaction with its line in the import log.
 * A database error while storing rolls all of it back and is answered 503.
 */
@ApplicationScoped
public class ImportService {

    /** What an import did: the file, its kind, rows read and kept, why rows were refused, what was stored. */
    public record ImportReport(String file, ExportKind kind, int rowsRead, int rowsKept, Map<String, Integer> refused,
                               int costRecords, double costTotal, int metricSamples) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ImportService.class);

    @Inject
    UploadLimits limits;
    @Inject
    CostHistory history;
    @Inject
    DataSource dataSource;

    /** Reads and stores one file; a bad file throws {@link ImportRejectedException} and stores nothing. */
    public ImportReport importFile(String fileName, InputStream in, ExportKind forced, MetricSeriesTarget target, String via,
                                   String user) {
        ExportImporter importer = new ExportImporter(limits.maxBytes(), limits.maxUncompressedBytes());
        ImportResult result = importer.read(fileName, in, forced, target);
        try {
            store(result, via, user, Instant.now());
        } catch (RuntimeException e) {
            // The transaction rolled back: nothing of the file is kept. The cause (SQL, values) goes to the log only.
            LOG.errorf(e, "cannot store the import of %s", result.file());
            throw new ImportRejectedException(ImportRejectedException.UNAVAILABLE, "database",
                    "the file could not be stored and nothing of it was kept; try again later");
        }
        return new ImportReport(result.file(), result.kind(), result.rowsRead(), result.rowsKept(), result.refused(),
                result.costs().size(), result.costs().stream().mapToDouble(CostRecord::amount).sum(), result.metrics().size());
    }

    /** Stores several files read already, all of them or none, each with its line in the import log. */
    @Transactional
    void storeAll(java.util.Collection<ImportResult> results, String via, String user, Instant at) {
        results.forEach(r -> store(r, via, user, at));
    }

    @Transactional
    void store(ImportResult result, String via, String user, Instant at) {
        history.storeCosts(result.costs(), "import:" + result.kind().name().toLowerCase(java.util.Locale.ROOT), at);
        history.storeMetrics(result.metrics(), "import", at);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO import_log (file, kind, rows_read, rows_kept, refused, via, "
                     + "created_by, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, truncate(result.file(), 512));
            ps.setString(2, result.kind().name());
            ps.setInt(3, result.rowsRead());
            ps.setInt(4, result.rowsKept());
            ps.setString(5, truncate(JSON.writeValueAsString(result.refused()), 4000));
            ps.setString(6, via);
            ps.setString(7, user);
            ps.setObject(8, at.atOffset(ZoneOffset.UTC));
            ps.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot log the import of " + result.file() + ": " + e.getMessage(), e);
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
