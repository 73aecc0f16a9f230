package io.log2.agents.awsusage.forecast;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import smile.stat.distribution.TDistribution;

/**
 * Daily cost as a linear trend plus a level for each day of the week, fitted by ordinary least squares:
 * {@code cost(t) = b0 + b1·t + Σ dk·[weekday(t) = k]} with Monday as the base day (eight coefficients).
 *
 * <p>The forecast of a sum of future days {@code D} is {@code a·b} with {@code a} the sum of their design rows; its
 * prediction interval comes from the Student t distribution with {@code n - 8} degrees of freedom and the variance
 * {@code s²·(|D| + a'(X'X)⁻¹a)}: the noise of each future day (taken as independent, with the residuals' variance
 * {@code s²}) plus the uncertainty of the fitted coefficients, which grows as the days lie further from the history.
 * So an interval widens with the horizon.
 */
public final class TrendWeekdayModel {

    /** Intercept, trend and six weekday levels. */
    public static final int PARAMETERS = 8;

    private final LocalDate first;
    private final int days;
    private final double[] beta;
    private final RealMatrix inverseGram;
    private final double variance;
    private final double rSquared;
    private final TDistribution t;

    private TrendWeekdayModel(LocalDate first, int days, double[] beta, RealMatrix inverseGram, double variance,
                              double rSquared) {
        this.first = first;
        this.days = days;
        this.beta = beta;
        this.inverseGram = inverseGram;
        this.variance = variance;
        this.rSquared = rSquared;
        this.t = new TDistribution(days - PARAMETERS);
    }

    /** Fits the model to a series of at least {@value #PARAMETERS} + 2 days (two of each weekday need 14). */
    public static TrendWeekdayModel fit(DailySeries series) {
        int n = series.days();
        if (n < PARAMETERS + 2) {
            throw new IllegalArgumentException("a trend and weekday model needs at least " + (PARAMETERS + 2) + " days, not " + n);
        }
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            x[i] = predictors(i, series.day(i));
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(series.values(), x);
        double[] beta = ols.estimateRegressionParameters();
        double rss = ols.calculateResidualSumOfSquares();
        double tss = ols.calculateTotalSumOfSquares();
        // A series without any variation (a month of zeros) fits exactly and explains nothing: R² is unknown.
        double r2 = tss > 0 ? 1 - rss / tss : Double.NaN;
        return new TrendWeekdayModel(series.first(), n, beta, new Array2DRowRealMatrix(ols.estimateRegressionParametersVariance(), false),
                rss / (n - PARAMETERS), r2);
    }

    /** The predictors of a day, without the intercept: its index and one indicator per weekday after Monday. */
    static double[] predictors(long index, LocalDate day) {
        double[] row = new double[PARAMETERS - 1];
        row[0] = index;
        int dow = day.getDayOfWeek().getValue(); // Monday 1 … Sunday 7
        if (dow > DayOfWeek.MONDAY.getValue()) {
            row[dow - 1] = 1;
        }
        return row;
    }

    /** The design row of a day, the intercept first. */
    private RealVector design(LocalDate day) {
        double[] p = predictors(ChronoUnit.DAYS.between(first, day), day);
        double[] row = new double[PARAMETERS];
        row[0] = 1;
        System.arraycopy(p, 0, row, 1, p.length);
        return new ArrayRealVector(row, false);
    }

    /** The forecast of one day. */
    public double predict(LocalDate day) {
        return design(day).dotProduct(new ArrayRealVector(beta, false));
    }

    /** The forecast of the sum of the days from {@code from} to {@code to}, both included, with its uncertainty. */
    public Sum sum(LocalDate from, LocalDate to) {
        int h = (int) ChronoUnit.DAYS.between(from, to) + 1;
        if (h <= 0) {
            return new Sum(0, 0, 0, this);
        }
        RealVector a = new ArrayRealVector(PARAMETERS);
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            a = a.add(design(d));
        }
        double mean = a.dotProduct(new ArrayRealVector(beta, false));
        double sumVariance = variance * (h + inverseGram.operate(a).dotProduct(a));
        return new Sum(h, mean, Math.sqrt(Math.max(0, sumVariance)), this);
    }

    /**
     * A forecast sum of {@code days} days: its mean and standard deviation of prediction (for the t distribution
     * of the model).
     */
    public record Sum(int days, double mean, double deviation, TrendWeekdayModel model) {

        /** The central interval holding the sum with probability {@code level}, as {lower, upper}. */
        public double[] interval(double level) {
            if (days == 0 || deviation == 0) {
                return new double[] {mean, mean};
            }
            double q = model.t.quantile(0.5 + level / 2);
            return new double[] {mean - q * deviation, mean + q * deviation};
        }

        /** The probability that the sum exceeds {@code amount}. */
        public double probabilityAbove(double amount) {
            if (days == 0 || deviation == 0) {
                return mean > amount ? 1 : 0;
            }
            return 1 - model.t.cdf((amount - mean) / deviation);
        }
    }

    public int days() {
        return days;
    }

    public LocalDate first() {
        return first;
    }

    /** Intercept, trend per day, then the levels of Tuesday to Sunday against Monday. */
    public double[] coefficients() {
        return beta.clone();
    }

    public double trendPerDay() {
        return beta[1];
    }

    /** R², the share of the history's variance the model explains; NaN for a series that never varied. */
    public double rSquared() {
        return rSquared;
    }

    /** The residual standard deviation s, in USD a day. */
    public double residualDeviation() {
        return Math.sqrt(variance);
    }

    public int degreesOfFreedom() {
        return days - PARAMETERS;
    }
}
