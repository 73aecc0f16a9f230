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
 * Reads a FinOps FOCUS 1.0 export into daily AWS usage costs.
 *
 * <ul>
 *   <li>Date: the UTC date of {@code ChargePeriodStart} (FOCUS rows are usually hourly; they are summed per day).</li>
 *   <li>Account: {@code SubAccountId}, else {@code BillingAccountId}; service: {@code ServiceName} (the same
 *       names as CUR's {@code product/ProductName}); region: {@code RegionId}, null for global charges;
 *       amount: {@code BilledCost}.</li>
 *   <li>Usage type: FOCUS has none. AWS's own FOCUS export carries {@code x_UsageType} (the CUR usage type,
 *       such as {@code BoxUsage:m5.large}), used when present. Otherwise {@code SkuId}: the SKU is what FOCUS
 *       prices, one per kind of usage of a service in a region, so it splits a service's cost at the same grain
 *       as a CUR usage type and stays stable from day to day; it is opaque but can be looked up in the AWS price
 *       list. {@code ChargeDescription} would read better but holds the price and changes with it;
 *       {@code ResourceType} is mostly NULL.</li>
 *   <li>Kept: {@code ProviderName} "AWS" or "Amazon Web Services" (a FOCUS file may hold several clouds), with
 *       {@code ChargeCategory} "Usage" (a missing column counts as usage), in {@code BillingCurrency} USD (a
 *       missing column counts as USD). Usage corrections ({@code ChargeClass} "Correction") are kept: they
 *       correct the usage of the period they name.</li>
 *   <li>Refused, counted by reason: other providers; credits, adjustments, taxes and purchases (commitment
 *       fees, upfront payments): these are not usage of that day, and a credit landing on one day would look to
 *       the cost rules like a fall in usage, a monthly tax line like a spike; amounts in another currency.</li>
 * </ul>
 * The totals are therefore the gross cost of usage, not the invoice total.
 */
final class FocusReader implements RowReader {

    static final List<String> REQUIRED = List.of("ChargePeriodStart", "BilledCost", "ServiceName", "ProviderName");
    private static final Set<String> AWS = Set.of("aws", "amazon web services");

    private final int start;
    private final int cost;
    private final int service;
    private final int provider;
    private final int subAccount;
    private final int billingAccount;
    private final int region;
    private final int usageType;
    private final int sku;
    private final int category;
    private final int currency;
    private final CostTotals totals = new CostTotals();

    FocusReader(ExportHeader header) {
        List<String> missing = header.missing(REQUIRED);
        if (!header.has("SubAccountId") && !header.has("BillingAccountId")) {
            missing = new ArrayList<>(missing);
            missing.add("SubAccountId or BillingAccountId");
        }
        if (!missing.isEmpty()) {
            throw ImportRejectedException.invalid("header", "a FOCUS export needs the columns " + REQUIRED
                    + " and SubAccountId or BillingAccountId; missing: " + String.join(", ", missing));
        }
        start = header.column("ChargePeriodStart");
        cost = header.column("BilledCost");
        service = header.column("ServiceName");
        provider = header.column("ProviderName");
        subAccount = header.column("SubAccountId");
        billingAccount = header.column("BillingAccountId");
        region = header.column("RegionId");
        usageType = header.column("x_UsageType");
        sku = header.column("SkuId");
        category = header.column("ChargeCategory");
        currency = header.column("BillingCurrency");
    }

    @Override
    public void read(ExportRow row) {
        // date and amount are read on every row, refused or not: a file with unreadable rows is not imported
        LocalDate date = LocalDate.ofInstant(row.instant(start), ZoneOffset.UTC);
        BigDecimal amount = row.decimal(cost);
        String providerName = row.text(provider);
        if (providerName == null || !AWS.contains(providerName.toLowerCase(Locale.ROOT))) {
            totals.refuse("provider is not AWS: " + (providerName == null ? "(none)" : providerName));
            return;
        }
        String chargeCategory = row.text(category);
        if (category >= 0 && !"Usage".equalsIgnoreCase(chargeCategory)) {
            totals.refuse("not a usage charge: " + (chargeCategory == null ? "(none)" : chargeCategory));
            return;
        }
        String currencyCode = row.text(currency);
        if (currency >= 0 && !"USD".equalsIgnoreCase(currencyCode)) {
            totals.refuse("currency is not USD: " + (currencyCode == null ? "(none)" : currencyCode));
            return;
        }
        String account = row.text(subAccount);
        if (account == null) {
            account = row.text(billingAccount);
        }
        if (account == null) {
            throw row.invalid(subAccount >= 0 ? subAccount : billingAccount, "no account (SubAccountId and BillingAccountId are empty)");
        }
        String type = row.text(usageType);
        totals.add(date, account, row.required(service), row.text(region), type != null ? type : row.text(sku), amount);
    }

    @Override
    public ImportResult result(String file, int rowsRead) {
        return new ImportResult(file, ExportKind.FOCUS, rowsRead, totals.kept(), totals.refused(), totals.records(), List.of());
    }
}
