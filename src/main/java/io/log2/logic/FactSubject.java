package io.log2.logic;

import java.time.Instant;

/**
 * What a fact reports on, as far as findings are concerned. {@code subject} names the thing whose condition the
 * fact shows (a metric series, a resource's configuration, an account's day), unique among the agent's facts: a
 * later fact with the same subject that a rule no longer fires on resolves that rule's finding. {@code period} is
 * the day or month a period fact covers, part of its findings' fingerprint. {@code time} is when the fact was
 * observed (a sample's timestamp); facts of one subject are taken in this order.
 *
 * <p>Each part may be null: without a subject a finding is never resolved by a later fact (an event is not seen
 * again); without a time, the start of the run stands in.
 */
public record FactSubject(String subject, String period, Instant time) {

    /** Nothing known about the fact beyond its resource. */
    public static final FactSubject NONE = new FactSubject(null, null, null);
}
