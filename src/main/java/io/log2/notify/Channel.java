package io.log2.notify;

import java.time.Instant;

/** Where messages go: a name, a type (a {@link NotificationChannel} bean), its target and, for webhooks, a secret. */
public record Channel(String name, String type, String target, String secret, Instant createdAt) {
}
