package io.log2.notify;

import io.log2.logic.InvalidRequestException;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** Email through Quarkus Mailer (SMTP server in {@code quarkus.mailer.*}); the target is one or more addresses. */
@ApplicationScoped
public class EmailChannel implements NotificationChannel {

    private static final Pattern ADDRESS = Pattern.compile("[^@\\s,<>]+@[^@\\s,<>]+\\.[^@\\s,<>]+");

    @Inject
    Mailer mailer;

    @Override
    public String type() {
        return "email";
    }

    @Override
    public void check(Channel channel) {
        for (String a : addresses(channel)) {
            if (!ADDRESS.matcher(a).matches()) {
                throw new InvalidRequestException("target is one or more email addresses separated by commas, not '" + a + "'",
                        "/target");
            }
        }
    }

    @Override
    public void send(Channel channel, Notification n) {
        Mail mail = Mail.withText(addresses(channel).get(0), n.title(), n.text());
        addresses(channel).stream().skip(1).forEach(mail::addTo);
        mailer.send(mail);
    }

    private static List<String> addresses(Channel channel) {
        return Arrays.stream(channel.target().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
