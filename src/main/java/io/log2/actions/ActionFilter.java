package io.log2.actions;

import java.time.Instant;

/** Filters of the action log; a null matches anything. {@code from}/{@code to} bound the time an action was raised. */
public record ActionFilter(String action, String state, String decision, String account, String resource,
                           String rule, Instant from, Instant to) {
}
