package io.log2.agents.awsusage.imports;

import static io.log2.agents.awsusage.imports.ImportFixtures.assertTotals;
import static io.log2.agents.awsusage.imports.ImportFixtures.bytes;
import static io.log2.agents.awsusage.imports.ImportFixtures.day;
import static io.log2.agents.awsusage.imports.ImportFixtures.gzip;
import static io.log2.agents.awsusage.imports.ImportFixtures.read;
import static io.log2.agents.awsusage.imports.ImportFixtures.records;
import static io.log2.agents.awsusage.imports.ImportFixtures.rewrite;
import static io.log2.agents.awsusage.imports.ImportFixtures.set;
import static io.log2.agents.awsusage.imports.ImportFixtures.text;
import static io.log2.agents.awsusage.imports.ImportFixtures.totals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.agents.awsusage.CostRecord;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** FOCUS and CUR exports import to the totals a plain second reading of the same files gives. */
class ExportImporterCostTest {

    static final String FOCUS = "/data/focus/focus_sample.csv";
    static final String CUR = "/data/cur/test_cur.csv";

    /** What the importer is specified to keep from a FOCUS file, written out independently. */
    static final Predicate<CSVRecord> FOCUS_AWS_USAGE = r -> r.get("ProviderName").equals("AWS")
            && r.get("ChargeCategory").equals("Usage") && r.get("BillingCurrency").equals("USD");

    @Test
    void focusSampleGivesTheDailyTotalsOfItsAwsUsageRows() {
        String csv = text(FOCUS);
        ImportResult result = read("focus_sample.csv", csv);

        assertEquals(ExportKind.FOCUS, result.kind());
        assertEquals(1000, result.rowsRead());
        assertEquals(941, result.rowsKept());
        assertEquals(Map.of("provider is not AWS: Microsoft", 51, "provider is not AWS: Oracle", 7,
                "not a usage charge: Credit", 1), result.refused());
        assertEquals(30, totals(result, CostRecord::date).size(), "30 days of September 2024");

        assertTotals(totals(csv, FOCUS_AWS_USAGE, day("ChargePeriodStart"), "BilledCost"), totals(result, CostRecord::date));
        assertTotals(totals(csv, FOCUS_AWS_USAGE, r -> r.get("ChargePeriodStart").substring(0, 10) + " " + r.get("ServiceName"), "BilledCost"),
                totals(result, c -> c.date() + " " + c.service()));
        assertTotals(totals(csv, FOCUS_AWS_USAGE, r -> r.get("SubAccountId"), "BilledCost"), totals(result, CostRecord::account));
        assertTotals(totals(csv, FOCUS_AWS_USAGE, r -> r.get("RegionId"), "BilledCost"), totals(result, CostRecord::region));
    }

    @Test
    void focusRowsAreSummedToOneRecordPerDayAccountServiceRegionAndUsageType() {
        String csv = text(FOCUS);
        ImportResult result = read("focus_sample.csv", csv);

        Set<List<Object>> keys = new HashSet<>();
        for (CostRecord c : result.costs()) {
            assertTrue(keys.add(List.of(c.date(), c.account(), c.service(), c.region(), c.usageType())), "one record for " + c);
        }
        long distinct = records(csv).stream().filter(FOCUS_AWS_USAGE)
                .map(r -> List.of(r.get("ChargePeriodStart").substring(0, 10), r.get("SubAccountId"), r.get("ServiceName"),
                        r.get("RegionId"), r.get("SkuId")))
                .distinct().count();
        assertEquals(distinct, result.costs().size());
        // without x_UsageType the SKU is the usage type
        assertEquals(records(csv).stream().filter(FOCUS_AWS_USAGE).map(r -> r.get("SkuId")).collect(Collectors.toSet()),
                result.costs().stream().map(CostRecord::usageType).collect(Collectors.toSet()));
    }

    @Test
    void focusUsesXUsageTypeWhenTheExportHasIt() {
        String csv = rewrite(text(FOCUS), h -> {
            h.add("x_UsageType");
            return h;
        }, (h, cells) -> cells.add(cells.get(h.indexOf("ServiceName")).length() % 2 == 0 ? "BoxUsage:m5.large" : "NULL"));
        ImportResult result = read("focus.csv", csv);

        Set<String> expected = new TreeSet<>();
        for (CSVRecord r : records(csv)) {
            if (FOCUS_AWS_USAGE.test(r)) {
                expected.add(r.get("x_UsageType").equals("NULL") ? r.get("SkuId") : r.get("x_UsageType"));
            }
        }
        assertTrue(expected.contains("BoxUsage:m5.large"));
        assertEquals(expected, new TreeSet<>(result.costs().stream().map(CostRecord::usageType).toList()));
    }

    @Test
    void focusRowsOfAnotherCurrencyAreRefusedNotAdded() {
        String csv = rewrite(text(FOCUS), h -> h, (h, cells) -> {
            if (cells.get(h.indexOf("ChargePeriodStart")).startsWith("2024-09-01")) {
                set(h, cells, "BillingCurrency", "EUR");
            }
        });
        ImportResult result = read("focus.csv", csv);

        long euroAwsUsage = records(csv).stream()
                .filter(r -> r.get("ProviderName").equals("AWS") && r.get("ChargeCategory").equals("Usage")
                        && r.get("BillingCurrency").equals("EUR"))
                .count();
        assertTrue(euroAwsUsage > 0);
        assertEquals((int) euroAwsUsage, result.refused().get("currency is not USD: EUR"));
        assertTotals(totals(csv, FOCUS_AWS_USAGE, day("ChargePeriodStart"), "BilledCost"), totals(result, CostRecord::date));
        assertTrue(result.costs().stream().noneMatch(c -> c.date().equals(LocalDate.of(2024, 9, 1))));
    }

    @Test
    void legacyCurGivesTheDailyAndPerServiceTotals() {
        String csv = text(CUR);
        ImportResult result = read("test_cur.csv", csv);

        assertEquals(ExportKind.CUR, result.kind());
        assertEquals(19, result.rowsRead());
        assertEquals(19, result.rowsKept());
        assertEquals(Map.of(), result.refused());
        Predicate<CSVRecord> usage = r -> r.get("lineItem/LineItemType").equals("Usage") && r.get("lineItem/CurrencyCode").equals("USD");
        assertTotals(totals(csv, usage, day("lineItem/UsageStartDate"), "lineItem/UnblendedCost"), totals(result, CostRecord::date));
        assertTotals(totals(csv, usage, r -> r.get("product/ProductName") + " " + r.get("lineItem/UsageType"), "lineItem/UnblendedCost"),
                totals(result, c -> c.service() + " " + c.usageType()));
        // this report has no product region columns
        assertTrue(result.costs().stream().allMatch(c -> c.region() == null && c.account().equals("6838635603105")));
    }

    @Test
    void cur2NamesGiveTheSameRecordsAsTheLegacyNames() {
        String legacy = text(CUR);
        String cur2 = rewrite(legacy, h -> h.stream().map(ExportImporterCostTest::snakeCase).toList(), (h, cells) -> { });
        assertTrue(cur2.startsWith("identity_line_item_id,identity_time_interval,bill_invoice_id,"), cur2.substring(0, 80));
        assertTrue(cur2.contains("line_item_unblended_cost") && cur2.contains("product_product_name"));

        ImportResult fromLegacy = read("legacy.csv", legacy);
        ImportResult fromCur2 = read("cur2.csv", cur2);

        assertEquals(ExportKind.CUR, fromCur2.kind());
        assertEquals(fromLegacy.rowsKept(), fromCur2.rowsKept());
        assertEquals(fromLegacy.costs(), fromCur2.costs());
        assertTotals(totals(fromLegacy, c -> c.date() + " " + c.service()), totals(fromCur2, c -> c.date() + " " + c.service()));
    }

    @Test
    void realCur2FileWithAlternativeColumns() {
        String csv = text("/data/cur/2022-07-01-alt-columns.csv");
        ImportResult result = read("2022-07-01-alt-columns.csv", csv);

        assertEquals(ExportKind.CUR, result.kind());
        assertEquals(2, result.rowsRead());
        assertEquals(2, result.rowsKept());
        // two hours of the same usage: one daily record; marketplace software billed through AWS is kept
        assertEquals(List.of(new CostRecord(LocalDate.of(2022, 7, 1), "999999", "Red Hat® Enterprise Linux®", "us-east-1",
                "SoftwareUsage:t2.nano", 0.0)), result.costs());
        Predicate<CSVRecord> usage = r -> r.get("line_item_line_item_type").equals("Usage");
        assertTotals(totals(csv, usage, day("line_item_usage_start_date"), "line_item_unblended_cost"), totals(result, CostRecord::date));
    }

    @Test
    void curAmountsInAnotherCurrencyAreRefused() {
        ImportResult result = read("2023-06-01.csv", bytes("/data/cur/2023-06-01.csv"));

        assertEquals(3, result.rowsRead());
        assertEquals(0, result.rowsKept());
        assertEquals(Map.of("currency is not USD: NOK", 3), result.refused());
        assertEquals(List.of(), result.costs());
    }

    @Test
    void savingsPlanCoveredUsageIsKeptWithItsRegion() {
        String csv = rewrite(text("/data/cur/2023-06-01.csv"), h -> h, (h, cells) -> set(h, cells, "lineItem/CurrencyCode", "USD"));
        ImportResult result = read("2023-06-01-usd.csv", csv);

        Predicate<CSVRecord> usage = r -> r.get("lineItem/LineItemType").equals("SavingsPlanCoveredUsage");
        assertTotals(totals(csv, usage, day("lineItem/UsageStartDate"), "lineItem/UnblendedCost"), totals(result, CostRecord::date));
        assertEquals(List.of(new CostRecord(LocalDate.of(2023, 6, 1), "0099999999999", "Amazon Elastic Compute Cloud", "us-west-1",
                "BoxUsage:m5.large", 30.0)), result.costs());
    }

    @Test
    void taxCreditsAndRefundsAreCountedNotAdded() {
        String plain = text(CUR);
        List<String> extra = new ArrayList<>();
        String withCharges = rewrite(plain, h -> h, (h, cells) -> {
            if (extra.isEmpty()) {
                for (String type : List.of("Tax", "Credit", "Refund", "RIFee", "SavingsPlanNegation")) {
                    List<String> copy = new ArrayList<>(cells);
                    set(h, copy, "lineItem/LineItemType", type);
                    set(h, copy, "lineItem/UnblendedCost", type.equals("Tax") ? "12.5" : "-7.25");
                    extra.add(String.join(",", copy.stream().map(v -> '"' + v.replace("\"", "\"\"") + '"').toList()));
                }
            }
        });
        String csv = withCharges + String.join("\r\n", extra) + "\r\n";
        ImportResult result = read("test_cur_with_charges.csv", csv);

        assertEquals(24, result.rowsRead());
        assertEquals(19, result.rowsKept());
        assertEquals(Map.of("not a usage charge: Tax", 1, "not a usage charge: Credit", 1, "not a usage charge: Refund", 1,
                "not a usage charge: RIFee", 1, "not a usage charge: SavingsPlanNegation", 1), result.refused());
        assertEquals(read("test_cur.csv", plain).costs(), result.costs());
    }

    @Test
    void gzippedCurImportsLikeThePlainFile() {
        byte[] plain = bytes(CUR);
        byte[] compressed = gzip(plain);
        assertTrue(compressed.length < plain.length);

        ImportResult fromPlain = read("test_cur.csv", plain);
        ImportResult fromGzip = read("test_cur.csv.gz", compressed);
        // the content decides, not the name
        ImportResult fromUnnamedGzip = read("upload", compressed);
        ImportResult fromMisnamedPlain = read("test_cur.csv.gz", plain);

        for (ImportResult r : List.of(fromGzip, fromUnnamedGzip, fromMisnamedPlain)) {
            assertEquals(ExportKind.CUR, r.kind());
            assertEquals(fromPlain.rowsRead(), r.rowsRead());
            assertEquals(fromPlain.rowsKept(), r.rowsKept());
            assertEquals(fromPlain.costs(), r.costs());
        }
        assertEquals("test_cur.csv.gz", fromGzip.file());
    }

    @Test
    void headerOnlyExportIsAnEmptyPeriod() {
        ImportResult result = read("empty_frame.csv", bytes("/data/cur/empty_frame.csv"));

        assertEquals(ExportKind.CUR, result.kind());
        assertEquals(0, result.rowsRead());
        assertEquals(0, result.rowsKept());
        assertEquals(Map.of(), result.refused());
        assertEquals(List.of(), result.costs());
        assertEquals(List.of(), result.metrics());
    }

    @Test
    void focusWithIsoTimestampsAndByteOrderMark() {
        String csv = "\uFEFFChargePeriodStart,BilledCost,ServiceName,ProviderName,SubAccountId,BillingAccountId,RegionId,SkuId\n"
                + "2024-09-30T23:00:00Z,1.25,Amazon S3,AWS,111,999,us-east-1,SKU1\n"
                + "2024-10-01T00:30:00+02:00,0.75,Amazon S3,Amazon Web Services,NULL,999,us-east-1,SKU1\n";
        ImportResult result = read("focus.csv", csv.getBytes(StandardCharsets.UTF_8));

        // 00:30 at +02:00 is 22:30 UTC on 30 September; a NULL sub-account falls back to the billing account
        assertEquals(List.of(new CostRecord(LocalDate.of(2024, 9, 30), "111", "Amazon S3", "us-east-1", "SKU1", 1.25),
                new CostRecord(LocalDate.of(2024, 9, 30), "999", "Amazon S3", "us-east-1", "SKU1", 0.75)), result.costs());
    }

    @Test
    void bundledFocusSampleIsTheTestedOne() {
        assertArrayEquals(bytes(FOCUS), bytes("/samples/focus/focus_sample.csv"));
        assertArrayEquals(bytes("/data/focus/license.md"), bytes("/samples/focus/license.md"));
        ImportResult result = importer().read("focus_sample.csv",
                new ByteArrayInputStream(bytes("/samples/focus/focus_sample.csv")), ExportKind.FOCUS, null);
        assertEquals(941, result.rowsKept());
    }

    private static ExportImporter importer() {
        return ImportFixtures.importer();
    }

    /** lineItem/UsageStartDate → line_item_usage_start_date, as CUR 2.0 names the legacy columns. */
    static String snakeCase(String legacy) {
        StringBuilder out = new StringBuilder();
        char previous = '/';
        for (char c : legacy.toCharArray()) {
            if (c == '/') {
                out.append('_');
            } else if (Character.isUpperCase(c) && Character.isLetterOrDigit(previous) && !Character.isUpperCase(previous)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(Character.toLowerCase(c));
            }
            previous = c;
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
