package io.log2.intelligence;

import java.util.List;

/**
 * Where rows raise alerts in a series: as the service's findings do, a row's consecutive firings on a series are one
 * finding, raised at the first of them; the series is alerted at a sample where any row raises a finding.
 */
public final class Alerts {

    private Alerts() {
    }

    /** The samples at which one of the rows, matching there and not at the sample before, raises an alert. */
    public static boolean[] raised(List<? extends Sample> series, List<Signal> rows) {
        boolean[] alerts = new boolean[series.size()];
        for (Signal row : rows) {
            boolean before = false;
            for (int i = 0; i < series.size(); i++) {
                boolean now = row.matches(series.get(i));
                alerts[i] |= now && !before;
                before = now;
            }
        }
        return alerts;
    }

    /** The same from the samples each row fired on (by index), as a rule engine reports them. */
    public static boolean[] raised(int samples, List<boolean[]> firedByRow) {
        boolean[] alerts = new boolean[samples];
        for (boolean[] fired : firedByRow) {
            for (int i = 0; i < samples; i++) {
                alerts[i] |= fired[i] && (i == 0 || !fired[i - 1]);
            }
        }
        return alerts;
    }
}
