package io.log2.logic;

import java.time.Instant;
import java.util.List;

/**
 * What a fact reports on, as far as findings are concerned. {@code subject} names the thing whose condition the
 * fact shows (a metric series, a resource's configuration, an account's day) by the values that identify it, the
 * fact type first (for a sample: its type, namespace, metric and resource), so it is unique among the agent's facts:
 * a later fact with an equal subject that a rule no longer fires on resolves that rule's finding. A list of the
 * fact's own values costs no text building, which matters since every fact of a run is described. {@code period} is
 * the day or month a period fact covers, part of its findings' fingerprint. {@code time} is when the fact was
 * observed (a sample's timestamp); facts of one subject are taken in this order.
 *
 * <p>Each part may be null: without a subject a finding is never resolved by a later fact (an event is not seen
 * again); without a time, the start of the run stands in.
 */
public record FactSubject(List<String> subject, String period, Instant time) {

    /** Nothing known about the fact beyond its resource. */
    public static final FactSubject NONE = new FactSubject(null, null, null);
}
