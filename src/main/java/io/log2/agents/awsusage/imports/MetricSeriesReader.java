package io.log2.agents.awsusage.imports;

import io.log2.imports.ImportRejectedException;

import io.log2.agents.awsusage.MetricSample;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code timestamp,value} series (the NAB layout: {@code 2014-02-14 14:27:00,51.846}) into metric samples
 * of the given target, in file order. Timestamps are ISO-8601 instants or {@code yyyy-MM-dd HH:mm:ss} taken as
 * UTC. Every row is kept: a series has no rows to refuse, only rows that cannot be read.
 */
final class MetricSeriesReader implements RowReader {

    static final List<String> REQUIRED = List.of("timestamp", "value");

    private final MetricSeriesTarget target;
    private final int timestamp;
    private final int value;
    private final List<MetricSample> samples = new ArrayList<>();

    MetricSeriesReader(ExportHeader header, MetricSeriesTarget target) {
        List<String> missing = header.missing(REQUIRED);
        if (!missing.isEmpty()) {
            throw ImportRejectedException.invalid("header", "a metric series needs the columns timestamp,value; missing: "
                    + String.join(", ", missing));
        }
        checkTarget(target);
        this.target = target;
        this.timestamp = header.column("timestamp");
        this.value = header.column("value");
    }

    /** A series says nothing about what it measures: without a complete target it cannot become samples. */
    static void checkTarget(MetricSeriesTarget target) {
        if (target == null || blank(target.namespace()) || blank(target.metric()) || blank(target.resource())) {
            throw ImportRejectedException.badRequest("target", "a metric series needs a target: namespace, metric and resource"
                    + " (such as AWS/EC2, CPUUtilization, i-0abc); got " + target);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public void read(ExportRow row) {
        BigDecimal number = row.decimal(value);
        samples.add(new MetricSample(target.namespace(), target.metric(), target.resource(), row.instant(timestamp),
                number.doubleValue(), null));
    }

    @Override
    public ImportResult result(String file, int rowsRead) {
        return new ImportResult(file, ExportKind.METRIC_SERIES, rowsRead, samples.size(), Map.of(), List.of(), samples);
    }
}
