package io.log2.logs;

import java.util.Arrays;

/**
 * The fixed log-scale buckets consequence times are counted in, the same as the {@code consequence_bucket} table
 * (migration V11). Bucket 0 starts at 0 ns; up to 10 ns each bucket is 1 ns wide, above that each bucket is a tenth
 * of its lower bound wide (integer division), so the buckets grow by about 10% each. A bucket's midpoint, capped at
 * the longest time seen in it, is within {@value #RELATIVE_ERROR} of every duration in it: percentiles read from the
 * counts are that accurate. The last bucket, from about 65 minutes, is open; its times are read as its longest.
 */
public final class ConsequenceBuckets {

    /** The largest relative error of a duration read from its bucket. */
    public static final double RELATIVE_ERROR = 0.05;
    /** Buckets start below this bound until the last, open one. */
    private static final long OPEN_FROM = 3_600_000_000_000L;
    private static final long[] LOWER = lowerBounds();

    private ConsequenceBuckets() {
    }

    private static long[] lowerBounds() {
        long[] bounds = new long[512];
        int n = 0;
        long b = 0;
        bounds[n++] = b;
        while (b < OPEN_FROM) {
            b += Math.max(1, b / 10);
            bounds[n++] = b;
        }
        return Arrays.copyOf(bounds, n);
    }

    /** How many buckets there are. */
    public static int count() {
        return LOWER.length;
    }

    /** The bucket of a duration (a negative one counts as 0). */
    public static int of(long nanos) {
        int i = Arrays.binarySearch(LOWER, Math.max(0, nanos));
        return i >= 0 ? i : -i - 2;
    }

    public static long lower(int bucket) {
        return LOWER[bucket];
    }

    /** The exclusive upper bound; {@link Long#MAX_VALUE} for the last bucket. */
    public static long upper(int bucket) {
        return bucket + 1 < LOWER.length ? LOWER[bucket + 1] : Long.MAX_VALUE;
    }

    /**
     * The duration a bucket stands for: its midpoint, but never more than {@code maxNanos}, the longest time counted
     * in it (so a bucket of one value reads as that value, and the open last bucket as its longest).
     */
    public static double representative(int bucket, long maxNanos) {
        if (bucket + 1 >= LOWER.length) {
            return maxNanos;
        }
        return Math.max(LOWER[bucket], Math.min(maxNanos, (LOWER[bucket] + LOWER[bucket + 1]) / 2.0));
    }
}
