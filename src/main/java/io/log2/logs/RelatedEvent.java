package io.log2.logs;

import java.time.Instant;
import java.util.Map;

/**
 * Something another part of the service knows that may explain a finding: {@code source} names who knows it (an
 * agent), {@code kind} what it is, {@code at} when it happened, {@code summary} one line for a person, and
 * {@code details} its fields.
 */
public record RelatedEvent(String source, String kind, Instant at, String summary, Map<String, Object> details) {

    public RelatedEvent {
        details = details == null ? Map.of() : details;
    }
}
