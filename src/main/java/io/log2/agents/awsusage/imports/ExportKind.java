package io.log2.agents.awsusage.imports;

/** The kinds of offline file the importer reads. */
public enum ExportKind {

    /** A FinOps FOCUS 1.0 cost export (BilledCost, ChargePeriodStart, ServiceName, ProviderName...). */
    FOCUS,

    /**
     * An AWS Cost and Usage Report in CSV: the legacy column names ({@code lineItem/UnblendedCost}) and the CUR 2.0
     * snake_case names ({@code line_item_unblended_cost}) alike.
     */
    CUR,

    /** One metric series: a {@code timestamp,value} CSV; what was measured is given separately. */
    METRIC_SERIES
}
