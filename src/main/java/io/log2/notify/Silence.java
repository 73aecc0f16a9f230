package io.log2.notify;

import java.time.Instant;
import java.util.Map;

/** Mutes the findings whose labels equal all of {@code matchers} until {@code endsAt}. */
public record Silence(long id, Map<String, String> matchers, String comment, String createdBy, Instant createdAt,
                      Instant endsAt) {

    boolean activeAt(Instant now) {
        return now.isBefore(endsAt);
    }

    boolean mutes(Map<String, String> labels) {
        return matchers.entrySet().stream().allMatch(m -> m.getValue().equals(labels.get(m.getKey())));
    }
}
