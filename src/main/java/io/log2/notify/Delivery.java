package io.log2.notify;

import java.time.Instant;

/** One attempt to deliver one message: its channel, status ({@code delivered} or {@code failed}), error and time. */
public record Delivery(long id, long message, String channel, String route, String reason, String title, int attempt,
                       String status, String error, Instant at, String messageState, Instant nextAttemptAt) {
}
