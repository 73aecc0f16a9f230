package io.log2.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.log2.logic.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A generic webhook: the notification as JSON, signed. {@value #TIMESTAMP} carries the sending time in epoch seconds
 * and {@value #SIGNATURE} is {@code sha256=} and the hex HMAC-SHA256, keyed with the channel's secret, of the
 * timestamp, a dot and the body: a receiver recomputes it and refuses old timestamps, so a captured request cannot be
 * replayed later.
 */
@ApplicationScoped
public class WebhookChannel implements NotificationChannel {

    public static final String TIMESTAMP = "X-Log2-Timestamp";
    public static final String SIGNATURE = "X-Log2-Signature";
    static final int MIN_SECRET = 16;

    @Inject
    HttpPost http;
    @Inject
    ObjectMapper json;
    @Inject
    NotifyClock clock;

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public void check(Channel channel) {
        HttpPost.checkUrl(channel.target());
        if (channel.secret() == null || channel.secret().length() < MIN_SECRET) {
            throw new InvalidRequestException("a webhook needs a secret of at least " + MIN_SECRET + " characters to sign with",
                    "/secret");
        }
    }

    @Override
    public void send(Channel channel, Notification notification) throws Exception {
        String body = json.writeValueAsString(notification);
        String timestamp = String.valueOf(clock.now().getEpochSecond());
        http.json(channel.target(), body, Map.of(TIMESTAMP, timestamp, SIGNATURE, "sha256=" + sign(channel.secret(), timestamp, body)));
    }

    /** The hex HMAC-SHA256 of {@code timestamp + "." + body}. */
    public static String sign(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
