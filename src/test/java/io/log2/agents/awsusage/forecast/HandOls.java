package io.log2.agents.awsusage.forecast;

import java.time.LocalDate;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Least squares on intercept, trend and Tuesday..Sunday indicators worked out by hand, as a check on the model: the
 * normal equations solved by Gauss-Jordan elimination, the t quantiles from another library than the service's.
 */
final class HandOls {

    static final int P = 8;

    final DailySeries series;
    final double[] beta = new double[P];
    final double[][] inverse;
    final double s2;
    final int df;

    HandOls(DailySeries series) {
        this.series = series;
        int n = series.days();
        double[][] gram = new double[P][P];
        double[] xy = new double[P];
        for (int i = 0; i < n; i++) {
            double[] x = row(i, series.day(i));
            for (int a = 0; a < P; a++) {
                xy[a] += x[a] * series.value(i);
                for (int b = 0; b < P; b++) {
                    gram[a][b] += x[a] * x[b];
                }
            }
        }
        inverse = invert(gram);
        for (int a = 0; a < P; a++) {
            for (int b = 0; b < P; b++) {
                beta[a] += inverse[a][b] * xy[b];
            }
        }
        double rss = 0;
        for (int i = 0; i < n; i++) {
            double fit = dot(row(i, series.day(i)), beta);
            rss += (series.value(i) - fit) * (series.value(i) - fit);
        }
        df = n - P;
        s2 = rss / df;
    }

    /** The forecast sum of the days from {@code from} to {@code to}: {mean, standard deviation of prediction}. */
    double[] sum(LocalDate from, LocalDate to) {
        double[] a = new double[P];
        int h = 0;
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            double[] r = row((int) (d.toEpochDay() - series.first().toEpochDay()), d);
            for (int k = 0; k < P; k++) {
                a[k] += r[k];
            }
            h++;
        }
        double quad = 0;
        for (int x = 0; x < P; x++) {
            for (int y = 0; y < P; y++) {
                quad += a[x] * inverse[x][y] * a[y];
            }
        }
        return new double[] {dot(a, beta), Math.sqrt(s2 * (h + quad))};
    }

    /** The two-sided quantile of the t distribution for a central interval of {@code level}. */
    double q(double level) {
        return new TDistribution(df).inverseCumulativeProbability(0.5 + level / 2);
    }

    double probabilityAbove(double[] sum, double amount) {
        return 1 - new TDistribution(df).cumulativeProbability((amount - sum[0]) / sum[1]);
    }

    static double[] row(int index, LocalDate day) {
        double[] r = new double[P];
        r[0] = 1;
        r[1] = index;
        int dow = day.getDayOfWeek().getValue();
        if (dow > 1) {
            r[dow] = 1;
        }
        return r;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double[][] invert(double[][] m) {
        int p = m.length;
        double[][] a = new double[p][2 * p];
        for (int i = 0; i < p; i++) {
            System.arraycopy(m[i], 0, a[i], 0, p);
            a[i][p + i] = 1;
        }
        for (int c = 0; c < p; c++) {
            int pivot = c;
            for (int r = c + 1; r < p; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
                    pivot = r;
                }
            }
            double[] t = a[c];
            a[c] = a[pivot];
            a[pivot] = t;
            double d = a[c][c];
            for (int k = 0; k < 2 * p; k++) {
                a[c][k] /= d;
            }
            for (int r = 0; r < p; r++) {
                if (r != c) {
                    double f = a[r][c];
                    for (int k = 0; k < 2 * p; k++) {
                        a[r][k] -= f * a[c][k];
                    }
                }
            }
        }
        double[][] inv = new double[p][p];
        for (int i = 0; i < p; i++) {
            System.arraycopy(a[i], p, inv[i], 0, p);
        }
        return inv;
    }
}
