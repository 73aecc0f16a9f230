package io.log2.insights.strategy;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.Duration;

/**
 * How often a collector's values change at one interval: of the {@code pairs} of values of the same series that far
 * apart ({@code lag} points at the data's resolution), {@code changed} differ by more than the tolerance.
 */
public record ChangeRate(@JsonFormat(shape = JsonFormat.Shape.STRING) Duration interval, int lag, long pairs, long changed, Double share) {

    static ChangeRate of(Duration interval, int lag, long pairs, long changed) {
        return new ChangeRate(interval, lag, pairs, changed, pairs == 0 ? null : changed / (double) pairs);
    }
}
