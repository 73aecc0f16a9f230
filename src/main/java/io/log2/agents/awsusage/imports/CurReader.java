package io.log2.agents.awsusage.imports;

import io.log2.imports.ImportRejectedException;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads an AWS Cost and Usage Report in CSV into daily usage costs. The legacy report ({@code lineItem/...},
 * {@code product/...}) and CUR 2.0 ({@code line_item_...}, {@code product_...}) hold the same fields under
 * different names; one {@link Names} per naming, the reading is the same.
 *
 * <ul>
 *   <li>Date: the UTC date of the usage start date; account: the usage account id; amount: the unblended cost;
 *       usage type: the line item usage type.</li>
 *   <li>Service: the product name (e.g. "Amazon Elastic Compute Cloud", the same name FOCUS's
 *       {@code ServiceName} uses) when the report has it, else the product code ({@code AmazonEC2}).</li>
 *   <li>Region: the product region code, else the product region; null when neither is filled (global services,
 *       or a report without product region columns).</li>
 *   <li>Kept line item types: {@code Usage}, {@code DiscountedUsage} (usage covered by a reservation; its
 *       unblended cost is the part still paid) and {@code SavingsPlanCoveredUsage} (at its on-demand cost, so a
 *       rise in covered usage still shows). A report without the line item type column counts as usage.</li>
 *   <li>Refused, counted by reason ("not a usage charge: Tax"): {@code Tax}, {@code Credit}, {@code Refund},
 *       {@code Fee}, {@code RIFee}, {@code SavingsPlanNegation}, {@code SavingsPlanRecurringFee},
 *       {@code SavingsPlanUpfrontFee}, {@code BundledDiscount} and any other type: they are not usage of that day,
 *       and a credit or a monthly fee would read as a fall or a spike in usage. Rows in another currency than
 *       USD are refused too ("currency is not USD: NOK"). Marketplace rows billed through AWS are kept.</li>
 * </ul>
 */
final class CurReader implements RowReader {

    /** The columns read, under one naming. */
    record Names(String usageStart, String account, String cost, String usageType, String productName,
                 String productCode, String lineItemType, String currency, String regionCode, String region) {

        List<String> required() {
            return List.of(usageStart, account, cost, usageType);
        }
    }

    static final Names LEGACY = new Names("lineItem/UsageStartDate", "lineItem/UsageAccountId", "lineItem/UnblendedCost",
            "lineItem/UsageType", "product/ProductName", "lineItem/ProductCode", "lineItem/LineItemType",
            "lineItem/CurrencyCode", "product/regionCode", "product/region");

    static final Names CUR2 = new Names("line_item_usage_start_date", "line_item_usage_account_id", "line_item_unblended_cost",
            "line_item_usage_type", "product_product_name", "line_item_product_code", "line_item_line_item_type",
            "line_item_currency_code", "product_region_code", "product_region");

    private static final Set<String> USAGE = Set.of("usage", "discountedusage", "savingsplancoveredusage");

    private final int start;
    private final int account;
    private final int cost;
    private final int usageType;
    private final int productName;
    private final int productCode;
    private final int lineItemType;
    private final int currency;
    private final int regionCode;
    private final int region;
    private final CostTotals totals = new CostTotals();

    CurReader(ExportHeader header) {
        Names names = namesOf(header);
        List<String> missing = new ArrayList<>(header.missing(names.required()));
        if (!header.has(names.productName()) && !header.has(names.productCode())) {
            missing.add(names.productName() + " or " + names.productCode());
        }
        if (!missing.isEmpty()) {
            throw ImportRejectedException.invalid("header", "a " + (names == CUR2 ? "CUR 2.0" : "CUR") + " export needs the columns "
                    + String.join(", ", names.required()) + " and " + names.productName() + " or " + names.productCode()
                    + "; missing: " + String.join(", ", missing)
                    + (names == CUR2 ? "" : " (CUR 2.0 names such as " + CUR2.cost() + " are read as well)"));
        }
        start = header.column(names.usageStart());
        account = header.column(names.account());
        cost = header.column(names.cost());
        usageType = header.column(names.usageType());
        productName = header.column(names.productName());
        productCode = header.column(names.productCode());
        lineItemType = header.column(names.lineItemType());
        currency = header.column(names.currency());
        regionCode = header.column(names.regionCode());
        region = header.column(names.region());
    }

    /** CUR 2.0 when any column has its snake_case line item prefix, else the legacy names. */
    static Names namesOf(ExportHeader header) {
        return header.anyStartsWith("line_item_") ? CUR2 : LEGACY;
    }

    @Override
    public void read(ExportRow row) {
        // date and amount are read on every row, refused or not: a file with unreadable rows is not imported
        LocalDate date = LocalDate.ofInstant(row.instant(start), ZoneOffset.UTC);
        BigDecimal amount = row.decimal(cost);
        String type = row.text(lineItemType);
        if (lineItemType >= 0 && (type == null || !USAGE.contains(type.toLowerCase(Locale.ROOT)))) {
            totals.refuse("not a usage charge: " + (type == null ? "(none)" : type));
            return;
        }
        String currencyCode = row.text(currency);
        if (currency >= 0 && !"USD".equalsIgnoreCase(currencyCode)) {
            totals.refuse("currency is not USD: " + (currencyCode == null ? "(none)" : currencyCode));
            return;
        }
        String service = row.text(productName);
        if (service == null) {
            service = row.text(productCode);
        }
        if (service == null) {
            throw row.invalid(productName >= 0 ? productName : productCode, "no product name or product code");
        }
        String regionName = row.text(regionCode);
        if (regionName == null) {
            regionName = row.text(region);
        }
        totals.add(date, row.required(account), service, regionName, row.text(usageType), amount);
    }

    @Override
    public ImportResult result(String file, int rowsRead) {
        return new ImportResult(file, ExportKind.CUR, rowsRead, totals.kept(), totals.refused(), totals.records(), List.of());
    }
}
