package io.log2.agents.awsusage.forecast;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The FOCUS sample's AWS usage cost (provider AWS, charge category Usage, BilledCost) by day of ChargePeriodStart
 * and by service, summed straight from the CSV, independently of the importer.
 */
final class FocusDays {

    static final String FILE = "data/focus/focus_sample.csv";

    private FocusDays() {
    }

    /** Cost by service, then by day. */
    static Map<String, Map<LocalDate, Double>> byService() throws IOException {
        Map<String, Map<LocalDate, Double>> out = new TreeMap<>();
        try (InputStream in = FocusDays.class.getClassLoader().getResourceAsStream(FILE)) {
            for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                if (r.get("ProviderName").equals("AWS") && r.get("ChargeCategory").equals("Usage")) {
                    LocalDate day = LocalDate.parse(r.get("ChargePeriodStart").substring(0, 10));
                    out.computeIfAbsent(r.get("ServiceName"), s -> new TreeMap<>())
                            .merge(day, Double.parseDouble(r.get("BilledCost")), Double::sum);
                }
            }
        }
        return out;
    }

    /** The total by day. */
    static Map<LocalDate, Double> total() throws IOException {
        Map<LocalDate, Double> out = new TreeMap<>();
        byService().values().forEach(m -> m.forEach((d, v) -> out.merge(d, v, Double::sum)));
        return out;
    }
}
