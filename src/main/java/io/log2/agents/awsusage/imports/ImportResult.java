package io.log2.agents.awsusage.imports;

import io.log2.imports.ImportRejectedException;

import io.log2.agents.awsusage.CostRecord;
import io.log2.agents.awsusage.MetricSample;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one imported file gave.
 *
 * <p>{@code rowsRead} counts the data rows (the header and blank lines not included); {@code rowsKept} the rows
 * that became cost or metric data. Cost rows are summed into ONE {@link CostRecord} per (date, account, service,
 * region, usage type), so {@code costs.size()} is usually far below {@code rowsKept} (exports are hourly).
 *
 * <p>{@code refused} counts the rows that were read correctly but are not the cost of AWS usage in USD, by reason;
 * each reason names the value that caused it, so that the caller can show, for example,
 * {@code "provider is not AWS: Microsoft" → 51}:
 * <ul>
 *   <li>{@code "provider is not AWS: <ProviderName>"}: a FOCUS row of another cloud (a FOCUS file may hold several);</li>
 *   <li>{@code "not a usage charge: <category or line item type>"}: credits, refunds, taxes, fees, commitment
 *       purchases, adjustments, Savings Plan negations (see {@link FocusReader} and {@link CurReader});</li>
 *   <li>{@code "currency is not USD: <code>"}: amounts in another currency, which cannot be added to USD.</li>
 * </ul>
 * Refused rows never fail the import; a row that cannot be read at all does ({@link ImportRejectedException}).
 * A header-only file is a valid empty period: no rows, no error.
 */
public record ImportResult(String file,
                           ExportKind kind,
                           int rowsRead,
                           int rowsKept,
                           Map<String, Integer> refused,
                           List<CostRecord> costs,
                           List<MetricSample> metrics) {

    public ImportResult {
        refused = Collections.unmodifiableMap(new LinkedHashMap<>(refused));
        costs = List.copyOf(costs);
        metrics = List.copyOf(metrics);
    }

    /** The number of refused rows, whatever the reason. */
    public int rowsRefused() {
        return refused.values().stream().mapToInt(Integer::intValue).sum();
    }
}
