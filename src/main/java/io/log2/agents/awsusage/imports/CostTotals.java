package io.log2.agents.awsusage.imports;

import io.log2.agents.awsusage.CostRecord;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sums kept cost rows into one amount per (date, account, service, region, usage type) and counts refused rows
 * by reason. Sums are exact decimals: hourly rows of a month add up to the same total in any order.
 */
final class CostTotals {

    private record Key(LocalDate date, String account, String service, String region, String usageType) {
    }

    private static final Comparator<Key> ORDER = Comparator.comparing(Key::date)
            .thenComparing(Key::account, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Key::service)
            .thenComparing(Key::region, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Key::usageType, Comparator.nullsFirst(Comparator.naturalOrder()));

    private final Map<Key, BigDecimal> sums = new HashMap<>();
    private final Map<String, Integer> refused = new TreeMap<>();
    private int kept;

    void add(LocalDate date, String account, String service, String region, String usageType, BigDecimal amount) {
        sums.merge(new Key(date, account, service, region, usageType), amount, BigDecimal::add);
        kept++;
    }

    void refuse(String reason) {
        refused.merge(reason, 1, Integer::sum);
    }

    int kept() {
        return kept;
    }

    Map<String, Integer> refused() {
        return refused;
    }

    /** The records in the order date, account, service, region, usage type. */
    List<CostRecord> records() {
        return sums.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(ORDER))
                .map(e -> new CostRecord(e.getKey().date(), e.getKey().account(), e.getKey().service(),
                        e.getKey().region(), e.getKey().usageType(), e.getValue().doubleValue()))
                .toList();
    }
}
