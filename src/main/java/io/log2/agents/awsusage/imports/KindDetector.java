package io.log2.agents.awsusage.imports;

import java.util.Optional;

/**
 * Tells the kind of an export from its header row. Only names that belong to one format count: FOCUS's
 * {@code BilledCost} or {@code ChargePeriodStart}, a CUR line item prefix, or a {@code timestamp} with a
 * {@code value} column. Whether the columns needed are all there is the reader's check (422), not this one's.
 */
final class KindDetector {

    static final String EXPECTED = "expected a FOCUS 1.0 export (BilledCost, ChargePeriodStart, ServiceName, ProviderName, SubAccountId…),"
            + " a CUR export (lineItem/UsageStartDate, lineItem/UnblendedCost… or CUR 2.0 line_item_usage_start_date,"
            + " line_item_unblended_cost…) or a metric series (timestamp,value)";

    private KindDetector() {
    }

    static Optional<ExportKind> detect(ExportHeader header) {
        if (header.has("BilledCost") || header.has("ChargePeriodStart")) {
            return Optional.of(ExportKind.FOCUS);
        }
        if (header.anyStartsWith("lineItem/") || header.anyStartsWith("line_item_")) {
            return Optional.of(ExportKind.CUR);
        }
        if (header.has("timestamp") && header.has("value")) {
            return Optional.of(ExportKind.METRIC_SERIES);
        }
        return Optional.empty();
    }
}
