package io.log2.notify;

import io.log2.logic.InvalidRequestException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.SnsClientBuilder;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Amazon SNS: publishes the notification's text to a topic (the target, a topic ARN; its region is the ARN's), with
 * the subject and the reason as a message attribute, so topic subscriptions can filter on it.
 */
@ApplicationScoped
public class SnsChannel implements NotificationChannel {

    private static final Pattern TOPIC = Pattern.compile("arn:aws[a-z-]*:sns:([a-z0-9-]+):\\d{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?");

    @Inject
    NotificationConfig config;

    private final Map<String, SnsClient> clients = new ConcurrentHashMap<>();

    @Override
    public String type() {
        return "sns";
    }

    @Override
    public void check(Channel channel) {
        if (!TOPIC.matcher(channel.target()).matches()) {
            throw new InvalidRequestException("target is an SNS topic ARN, e.g. arn:aws:sns:us-east-1:123456789012:log2-alerts",
                    "/target");
        }
    }

    @Override
    public void send(Channel channel, Notification n) {
        Matcher m = TOPIC.matcher(channel.target());
        if (!m.matches()) {
            throw new IllegalStateException("not an SNS topic ARN: " + channel.target());
        }
        // SNS subjects are ASCII, at most 100 characters, no line breaks.
        String subject = n.title().replaceAll("[^\\x20-\\x7E]", "").trim();
        client(m.group(1)).publish(p -> p.topicArn(channel.target())
                .subject(subject.length() > 100 ? subject.substring(0, 100) : subject)
                .message(n.text())
                .messageAttributes(Map.of("reason", MessageAttributeValue.builder().dataType("String").stringValue(n.reason()).build())));
    }

    private SnsClient client(String region) {
        return clients.computeIfAbsent(region, r -> {
            SnsClientBuilder b = SnsClient.builder().region(Region.of(r)).httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(credentials());
            config.sns().endpoint().ifPresent(b::endpointOverride);
            return b.build();
        });
    }

    private AwsCredentialsProvider credentials() {
        if (config.sns().accessKeyId().isPresent() && config.sns().secretAccessKey().isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(config.sns().accessKeyId().get(),
                    config.sns().secretAccessKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @PreDestroy
    void close() {
        clients.values().forEach(SnsClient::close);
    }
}
