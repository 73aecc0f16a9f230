package io.log2.intelligence.score;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The Numenta Anomaly Benchmark's score (Ahmad et al. 2017), as {@code nab-aws/SCORING.md} states it: rows of the
 * probation period count for nothing; inside a window a detection earns a scaled sigmoid of how early it came (only
 * the earliest detection of a window counts, a window without one costs {@code fn}); outside every window each
 * detection costs {@code fp}, less when it comes just after a window ended. A corpus is scored at the one threshold
 * over all files' row scores that gives the best total, normalised so that a perfect detector scores 100 and one
 * that never fires 0.
 */
public final class NabScorer {

    /** Marks a row that counts for nothing: in probation. */
    private static final int PROBATION = -2;
    /** Marks a row outside every window. */
    private static final int OUTSIDE = -1;

    private final NabProfile profile;

    public NabScorer(NabProfile profile) {
        this.profile = profile;
    }

    /** The probation period of a file of {@code n} rows: its first rows, during which a detector is still learning. */
    public static int probation(int n) {
        return Math.min((int) Math.floor(0.15 * n), 750);
    }

    /** {@code -1} above 3, else {@code 2 / (1 + e^(5y)) - 1}: 1 far to the left, 0 at 0, -1 far to the right. */
    public static double scaledSigmoid(double y) {
        return y > 3 ? -1 : 2 / (1 + Math.exp(5 * y)) - 1;
    }

    /** One file's rows, windows and per-row weights under this profile. */
    public final class FileRows {
        final int n;
        final List<Window> windows;
        /** The window index of each row, {@link #OUTSIDE} or {@link #PROBATION}. */
        final int[] windowOf;
        /** What a detection at each row is worth (see the class comment). */
        final double[] weight;
        /** Windows that lie wholly in probation are not scored. */
        final boolean[] scored;

        FileRows(int n, List<Window> windows) {
            this.n = n;
            this.windows = List.copyOf(windows);
            windowOf = new int[n];
            weight = new double[n];
            scored = new boolean[windows.size()];
            int probation = probation(n);
            for (int k = 0; k < windows.size(); k++) {
                Window w = windows.get(k);
                if (w.end() >= n) {
                    throw new IllegalArgumentException("window " + w + " ends after the last row " + (n - 1));
                }
                if (k > 0 && w.start() <= windows.get(k - 1).end()) {
                    throw new IllegalArgumentException("windows overlap or are out of order: " + windows.get(k - 1) + ", " + w);
                }
                scored[k] = w.end() >= probation;
            }
            Window lastEnded = null;
            int k = 0;
            for (int i = 0; i < n; i++) {
                while (k < windows.size() && windows.get(k).end() < i) {
                    lastEnded = windows.get(k++);
                }
                Window inside = k < windows.size() && windows.get(k).contains(i) ? windows.get(k) : null;
                if (i < probation) {
                    windowOf[i] = PROBATION;
                } else if (inside != null) {
                    windowOf[i] = k;
                    weight[i] = scaledSigmoid(-(double) (inside.end() - i + 1) / inside.width()) * profile.tp() / scaledSigmoid(-1);
                } else {
                    windowOf[i] = OUTSIDE;
                    weight[i] = lastEnded == null ? -profile.fp()
                            : scaledSigmoid(Math.abs(lastEnded.end() - i) / (double) (lastEnded.width() - 1)) * profile.fp();
                }
            }
        }

        int scoredWindows() {
            int c = 0;
            for (boolean s : scored) {
                c += s ? 1 : 0;
            }
            return c;
        }

        /** The raw score of the rows detected. */
        double score(boolean[] detected) {
            if (detected.length != n) {
                throw new IllegalArgumentException("detections for " + detected.length + " rows, the file has " + n);
            }
            double total = 0;
            double[] best = new double[windows.size()];
            Arrays.fill(best, Double.NEGATIVE_INFINITY);
            for (int i = 0; i < n; i++) {
                if (!detected[i] || windowOf[i] == PROBATION) {
                    continue;
                }
                if (windowOf[i] == OUTSIDE) {
                    total += weight[i];
                } else {
                    best[windowOf[i]] = Math.max(best[windowOf[i]], weight[i]);
                }
            }
            for (int w = 0; w < windows.size(); w++) {
                if (scored[w]) {
                    total += best[w] == Double.NEGATIVE_INFINITY ? -profile.fn() : best[w];
                }
            }
            return total;
        }
    }

    /** The rows and windows of a file of {@code n} rows, ready to score detections. */
    public FileRows file(int n, List<Window> windows) {
        return new FileRows(n, windows);
    }

    /** The raw score of one file's detections. */
    public double rawScore(int n, List<Window> windows, boolean[] detected) {
        return file(n, windows).score(detected);
    }

    /** A corpus' raw score, its normalised NAB score and the threshold it was scored at. */
    public record CorpusScore(double threshold, double raw, double perfect, double nothing, double nab) {
    }

    /** A corpus scored on binary detections (an alert at a row or none). */
    public CorpusScore score(List<FileRows> files, List<boolean[]> detected) {
        double raw = 0;
        int windows = 0;
        for (int f = 0; f < files.size(); f++) {
            raw += files.get(f).score(detected.get(f));
            windows += files.get(f).scoredWindows();
        }
        return normalise(1, raw, windows);
    }

    /**
     * A corpus scored at the one threshold over all files' row scores that gives the best raw total: every distinct
     * score is tried (a row is detected when its score is at or above the threshold), and never firing (a threshold
     * above every score) too. Detections are added from the highest score down, so the sweep costs one sort.
     */
    public CorpusScore sweep(List<FileRows> files, List<double[]> rowScores) {
        record Row(int file, int row, double score) {
        }
        List<Row> rows = new ArrayList<>();
        int windows = 0;
        List<double[]> best = new ArrayList<>();
        double total = 0;
        for (int f = 0; f < files.size(); f++) {
            FileRows file = files.get(f);
            double[] s = rowScores.get(f);
            if (s.length != file.n) {
                throw new IllegalArgumentException("scores for " + s.length + " rows, file " + f + " has " + file.n);
            }
            for (int i = 0; i < file.n; i++) {
                if (file.windowOf[i] != PROBATION && !Double.isNaN(s[i])) {
                    rows.add(new Row(f, i, s[i]));
                }
            }
            windows += file.scoredWindows();
            double[] b = new double[file.windows.size()];
            Arrays.fill(b, Double.NEGATIVE_INFINITY);
            best.add(b);
            total -= profile.fn() * file.scoredWindows();
        }
        rows.sort(Comparator.comparingDouble(Row::score).reversed());
        double bestTotal = total;
        double bestThreshold = Double.POSITIVE_INFINITY;
        for (int j = 0; j < rows.size(); j++) {
            Row r = rows.get(j);
            FileRows file = files.get(r.file);
            int w = file.windowOf[r.row];
            double weight = file.weight[r.row];
            if (w == OUTSIDE) {
                total += weight;
            } else if (file.scored[w] && weight > best.get(r.file)[w]) {
                double before = best.get(r.file)[w];
                total += weight - (before == Double.NEGATIVE_INFINITY ? -profile.fn() : before);
                best.get(r.file)[w] = weight;
            }
            boolean lastOfItsScore = j + 1 == rows.size() || rows.get(j + 1).score < r.score;
            if (lastOfItsScore && total > bestTotal) {
                bestTotal = total;
                bestThreshold = r.score;
            }
        }
        return normalise(bestThreshold, bestTotal, windows);
    }

    private CorpusScore normalise(double threshold, double raw, int windows) {
        double perfect = profile.tp() * windows;
        double nothing = -profile.fn() * windows;
        double nab = perfect == nothing ? 0 : 100 * (raw - nothing) / (perfect - nothing);
        return new CorpusScore(threshold, raw, perfect, nothing, nab);
    }
}
