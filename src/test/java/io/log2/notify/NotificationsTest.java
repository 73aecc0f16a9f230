package io.log2.notify;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Notifications end to end: findings from real aws-usage runs, the real database, real receivers (an HTTP server, an
 * SMTP server, an SNS stub), and the dispatcher ticked at a clock the test sets, so nothing sleeps.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = Receivers.class, scope = TestResourceScope.GLOBAL)
class NotificationsTest {

    private static final String SECRET = "a-webhook-secret-for-tests";
    /** A Monday, noon UTC; each test starts a day later than the last. */
    private static Instant day = Instant.parse("2030-01-07T12:00:00Z");

    @Inject
    Notifier notifier;
    @Inject
    SettableClock clock;

    private final ObjectMapper json = new ObjectMapper();
    private String id;

    @BeforeEach
    void start() {
        day = day.plus(Duration.ofDays(1));
        clock.set(day);
        notifier.tick();
        id = Long.toString(System.nanoTime(), 36);
    }

    @AfterEach
    void noRoutes() {
        routes("[]");
    }

    // ---- helpers ----

    private String channel(String type, String target, String secret) {
        String name = type + "-" + id;
        Api.admin().contentType("application/json")
                .body(Map.of("name", name, "type", type, "target", target, "secret", secret == null ? "" : secret).entrySet()
                        .stream().filter(e -> !e.getValue().isEmpty()).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))
                .post("/api/notifications/channels").then().statusCode(201);
        return name;
    }

    private String webhook() {
        return channel("webhook", Receivers.url("/hook-" + id), SECRET);
    }

    private static void routes(String table) {
        Api.admin().contentType("application/json").body(table).put("/api/notifications/routes").then().statusCode(200);
    }

    private void route(String channel, String extra) {
        routes("[{\"id\":\"r-" + id + "\",\"agent\":\"aws-usage\",\"channel\":\"" + channel + "\"" + extra + "}]");
    }

    private static String cpu(String resource, String at, double value) {
        return "{\"type\":\"MetricSample\",\"namespace\":\"AWS/EC2\",\"metric\":\"CPUUtilization\",\"resource\":\"" + resource
                + "\",\"timestamp\":\"" + at + "\",\"value\":" + value + "}";
    }

    /**
     * Runs the facts and takes their findings in at the clock's present time: the tick a run wakes on its own thread may
     * come later, after the test moved the clock, and would start the group wait then.
     */
    private JsonPath run(String... facts) {
        JsonPath result = Api.editor().contentType("application/json").body("{\"facts\":[" + String.join(",", facts) + "]}")
                .post("/api/agents/aws-usage/runs").then().statusCode(200).extract().jsonPath();
        notifier.tick();
        return result;
    }

    private void after(Duration d) {
        clock.advance(d);
        notifier.tick();
    }

    private List<Receivers.Received> hooks() {
        return Receivers.at("/hook-" + id);
    }

    private JsonNode body(Receivers.Received r) throws Exception {
        return json.readTree(r.body());
    }

    private static List<Map<String, Object>> deliveries(String channel) {
        return Api.viewer().queryParam("channel", channel).get("/api/notifications/deliveries").then().statusCode(200)
                .extract().jsonPath().getList("items");
    }

    // ---- tests ----

    @Test
    void twoFindingsOfOneGroupAreOneSignedMessageAfterTheGroupWaitThenRepeatedWhileOpen() throws Exception {
        String hook = webhook();
        route(hook, ",\"severity\":\"high\",\"groupBy\":\"agent,rule\"");
        String a = "i-a-" + id;
        String b = "i-b-" + id;
        run(cpu(a, "2026-11-20T10:00:00Z", 93));
        run(cpu(b, "2026-11-20T10:00:00Z", 97));
        notifier.tick();
        after(Duration.ofSeconds(29));
        assertEquals(0, hooks().size(), "nothing before the group wait is over");
        after(Duration.ofSeconds(1));
        assertEquals(1, hooks().size(), "two findings of one group: one message");

        Receivers.Received sent = hooks().get(0);
        String timestamp = sent.header(WebhookChannel.TIMESTAMP);
        assertEquals(String.valueOf(clock.now().getEpochSecond()), timestamp);
        assertEquals("sha256=" + WebhookChannel.sign(SECRET, timestamp, sent.body()), sent.header(WebhookChannel.SIGNATURE));
        assertNotEquals("sha256=" + WebhookChannel.sign("another-secret-of-16+", timestamp, sent.body()),
                sent.header(WebhookChannel.SIGNATURE));
        JsonNode n = body(sent);
        assertEquals("first", n.get("reason").asText());
        assertEquals("aws-usage", n.get("groupLabels").get("agent").asText());
        List<String> resources = n.get("findings").findValuesAsText("resource");
        assertTrue(resources.containsAll(List.of(a, b)), resources.toString());
        assertTrue(n.get("findings").get(0).get("fresh").asBoolean());
        assertTrue(n.get("findings").get(0).get("message").asText().contains("EC2 CPU"));

        // Seen again, unchanged: not told again at the next interval, only when the repeat interval is over.
        run(cpu(a, "2026-11-20T10:00:00Z", 93));
        after(Duration.ofMinutes(10));
        assertEquals(1, hooks().size(), "a finding is told once per fingerprint");
        after(Duration.ofHours(4));
        assertEquals(2, hooks().size(), "still open after the repeat interval: told again");
        JsonNode repeat = body(hooks().get(1));
        assertEquals("repeat", repeat.get("reason").asText());
        assertTrue(repeat.get("findings").findValues("fresh").stream().noneMatch(JsonNode::asBoolean));

        List<Map<String, Object>> log = deliveries(hook);
        assertEquals(2, log.size());
        assertEquals("delivered", log.get(0).get("status"));
        assertEquals("r-" + id, log.get(0).get("route"));
    }

    private static void assertNotEquals(String a, String b) {
        assertTrue(!a.equals(b), "differs: " + a);
    }

    @Test
    void aReopenedFindingIsToldAgainAndAResolvedOneIsNotRepeated() throws Exception {
        String hook = webhook();
        route(hook, "");
        String r = "i-reopen-" + id;
        run(cpu(r, "2026-11-20T10:00:00Z", 95));
        after(Duration.ofSeconds(30));
        assertEquals(1, hooks().size());
        long first = body(hooks().get(0)).get("findings").get(0).get("findingId").asLong();

        run(cpu(r, "2026-11-20T11:00:00Z", 10));
        after(Duration.ofMinutes(10));
        assertEquals(1, hooks().size(), "resolving tells nothing");

        run(cpu(r, "2026-11-20T12:00:00Z", 96));
        after(Duration.ofMinutes(5));
        assertEquals(2, hooks().size(), "re-opened: told again");
        JsonNode again = body(hooks().get(1));
        assertEquals(1, again.get("findings").size());
        assertTrue(again.get("findings").get(0).get("fresh").asBoolean());
        assertTrue(again.get("findings").get(0).get("findingId").asLong() != first, "a new finding for the same fingerprint");
        assertEquals(body(hooks().get(0)).get("findings").get(0).get("fingerprint"), again.get("findings").get(0).get("fingerprint"));

        run(cpu(r, "2026-11-20T13:00:00Z", 12));
        after(Duration.ofHours(5));
        assertEquals(2, hooks().size(), "a resolved finding is not repeated");
    }

    @Test
    void aHigherSeverityIsToldAgain() throws Exception {
        String hook = webhook();
        route(hook, ",\"rule\":\"Notify probe\"");
        String resource = "probe-" + id;
        upload(resource, "medium");
        run(cpu(resource, "2026-11-20T10:00:00Z", 70));
        after(Duration.ofSeconds(30));
        assertEquals(1, hooks().size());
        assertEquals("medium", body(hooks().get(0)).get("findings").get(0).get("severity").asText());

        upload(resource, "critical");
        run(cpu(resource, "2026-11-20T10:05:00Z", 71));
        after(Duration.ofMinutes(5));
        assertEquals(2, hooks().size(), "the same open finding, now critical: told again");
        JsonNode n = body(hooks().get(1));
        assertEquals("update", n.get("reason").asText());
        assertEquals("critical", n.get("findings").get(0).get("severity").asText());
        assertEquals(body(hooks().get(0)).get("findings").get(0).get("findingId"), n.get("findings").get(0).get("findingId"));

        upload(resource, "low");
        run(cpu(resource, "2026-11-20T10:10:00Z", 72));
        after(Duration.ofMinutes(5));
        assertEquals(2, hooks().size(), "a lower severity is not news");
    }

    private static void upload(String resource, String severity) {
        String drl = "package io.log2.rules.awsusage\n\nimport io.log2.agents.awsusage.MetricSample\n\n"
                + "global io.log2.logic.Findings findings\n\n"
                + "rule \"Notify probe\"\n    @severity(\"" + severity + "\") @category(\"performance\")\n"
                + "    @message(\"Probe breached on {resource}\")\nwhen\n"
                + "    $f : MetricSample( resource == \"" + resource + "\", value > 50 )\nthen\n    findings.alert(kcontext, $f);\nend\n";
        Api.editor().contentType("application/octet-stream").body(drl.getBytes(StandardCharsets.UTF_8))
                .put("/api/agents/aws-usage/files/notify-probe.drl").then().statusCode(200);
    }

    @Test
    void aSilenceMutesUntilItIsExpired() throws Exception {
        String hook = webhook();
        route(hook, "");
        String r = "i-silenced-" + id;
        int silence = Api.admin().contentType("application/json")
                .body("{\"matchers\":{\"resource\":\"" + r + "\"},\"endsAt\":\"" + clock.now().plus(Duration.ofHours(2))
                        + "\",\"comment\":\"maintenance\"}")
                .post("/api/notifications/silences").then().statusCode(201).body("createdBy", equalTo("admin"))
                .extract().path("id");
        Api.viewer().get("/api/notifications/silences").then().statusCode(200).body("id", hasItem(silence));
        run(cpu(r, "2026-11-20T10:00:00Z", 95));
        after(Duration.ofMinutes(1));
        after(Duration.ofMinutes(30));
        assertEquals(0, hooks().size(), "silenced");

        Api.admin().delete("/api/notifications/silences/" + silence).then().statusCode(200)
                .body("endsAt", equalTo(clock.now().toString()));
        Api.viewer().get("/api/notifications/silences").then().statusCode(200).body("id", not(hasItem(silence)));
        Api.viewer().queryParam("all", true).get("/api/notifications/silences").then().statusCode(200).body("id", hasItem(silence));
        after(Duration.ofSeconds(1));
        assertEquals(1, hooks().size(), "told once the silence is over");
        assertEquals(r, body(hooks().get(0)).get("findings").get(0).get("resource").asText());
    }

    @Test
    void aSilenceRunsOutByItself() {
        String hook = webhook();
        route(hook, "");
        String r = "i-short-" + id;
        Api.admin().contentType("application/json")
                .body("{\"matchers\":{\"resource\":\"" + r + "\",\"agent\":\"aws-usage\"},\"endsAt\":\""
                        + clock.now().plus(Duration.ofMinutes(10)) + "\"}")
                .post("/api/notifications/silences").then().statusCode(201);
        run(cpu(r, "2026-11-20T10:00:00Z", 95));
        after(Duration.ofMinutes(9));
        assertEquals(0, hooks().size());
        after(Duration.ofMinutes(1));
        assertEquals(1, hooks().size());
    }

    @Test
    void nothingIsSentInQuietHoursAndWhatWaitedGoesOutAfter() {
        String hook = webhook();
        // 12:00 UTC is 13:00 in Berlin in January: inside 12:30–14:00 there.
        route(hook, ",\"quietFrom\":\"12:30\",\"quietTo\":\"14:00\",\"timeZone\":\"Europe/Berlin\"");
        run(cpu("i-quiet-" + id, "2026-11-20T10:00:00Z", 95));
        after(Duration.ofMinutes(30));
        after(Duration.ofMinutes(29));
        assertEquals(0, hooks().size(), "quiet until 14:00 Berlin, 13:00 UTC");
        after(Duration.ofMinutes(1));
        assertEquals(1, hooks().size());
    }

    @Test
    void aFailedDeliveryIsRetriedWithBackOffAndEveryAttemptIsLogged() {
        String hook = webhook();
        route(hook, "");
        Receivers.answer("/hook-" + id, 500, 500);
        run(cpu("i-retry-" + id, "2026-11-20T10:00:00Z", 95));
        after(Duration.ofSeconds(30));
        assertEquals(1, hooks().size());
        after(Duration.ofSeconds(29));
        assertEquals(1, hooks().size(), "the first retry waits retry-base (30 s)");
        after(Duration.ofSeconds(1));
        assertEquals(2, hooks().size());
        after(Duration.ofSeconds(59));
        assertEquals(2, hooks().size(), "the second waits twice as long");
        after(Duration.ofSeconds(1));
        assertEquals(3, hooks().size());
        after(Duration.ofHours(1));
        assertEquals(3, hooks().size(), "delivered: no more attempts");

        List<Map<String, Object>> log = deliveries(hook);
        assertEquals(List.of(3, 2, 1), log.stream().map(d -> d.get("attempt")).toList());
        assertEquals(List.of("delivered", "failed", "failed"), log.stream().map(d -> d.get("status")).toList());
        assertTrue(((String) log.get(2).get("error")).contains("HTTP 500"), log.get(2).toString());
        assertEquals(Instant.parse((String) log.get(2).get("at")).plusSeconds(90), Instant.parse((String) log.get(0).get("at")));
        // paged, newest first
        JsonPath page = Api.viewer().queryParam("channel", hook).queryParam("limit", 2).get("/api/notifications/deliveries")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(2, page.getList("items").size());
        Api.viewer().queryParam("channel", hook).queryParam("limit", 2).queryParam("cursor", page.getString("next"))
                .get("/api/notifications/deliveries").then().statusCode(200).body("items.attempt", equalTo(List.of(1)))
                .body("next", equalTo(null));
    }

    @Test
    void aChannelThatIsDownNeverFailsTheRun() {
        String down = channel("webhook", "http://127.0.0.1:9/down", SECRET);
        route(down, "");
        JsonPath result = run(cpu("i-down-" + id, "2026-11-20T10:00:00Z", 95));
        assertEquals("complete", result.getString("status"));
        assertEquals(1, result.getList("findings").size());
        after(Duration.ofSeconds(30));
        List<Map<String, Object>> log = deliveries(down);
        assertEquals(1, log.size());
        assertEquals("failed", log.get(0).get("status"));
        assertTrue(((String) log.get(0).get("error")).contains("ConnectException"), log.get(0).toString());
        assertEquals("pending", log.get(0).get("messageState"), "retried later");
        run(cpu("i-down-" + id, "2026-11-20T10:05:00Z", 95));
    }

    @Test
    void slackGetsBlockKit() throws Exception {
        String slack = channel("slack", Receivers.url("/slack-" + id), null);
        route(slack, "");
        String r = "i-slack-" + id;
        run(cpu(r, "2026-11-20T10:00:00Z", 95));
        after(Duration.ofSeconds(30));
        List<Receivers.Received> got = Receivers.at("/slack-" + id);
        assertEquals(1, got.size());
        JsonNode p = json.readTree(got.get(0).body());
        assertTrue(p.get("text").asText().contains("1 new finding"), p.toString());
        assertEquals("header", p.get("blocks").get(0).get("type").asText());
        assertEquals("plain_text", p.get("blocks").get(0).get("text").get("type").asText());
        assertEquals("section", p.get("blocks").get(1).get("type").asText());
        assertEquals("mrkdwn", p.get("blocks").get(1).get("text").get("type").asText());
        assertTrue(p.get("blocks").get(1).get("text").get("text").asText().contains(r));
        assertTrue(p.get("blocks").get(1).get("text").get("text").asText().contains("*HIGH*"));
        assertEquals("context", p.get("blocks").get(2).get("type").asText());
        // the webhook URL is Slack's secret: never shown
        Api.viewer().get("/api/notifications/channels/" + slack).then().statusCode(200)
                .body("target", equalTo("http://127.0.0.1/…")).body("secretSet", equalTo(false));
    }

    @Test
    void emailReachesTheSmtpServer() throws Exception {
        String email = channel("email", "ops-" + id + "@example.com, oncall-" + id + "@example.com", null);
        route(email, "");
        String r = "i-mail-" + id;
        run(cpu(r, "2026-11-20T10:00:00Z", 95));
        after(Duration.ofSeconds(30));
        List<MimeMessage> mails = Arrays.stream(Receivers.smtp().getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals("ops-" + id + "@example.com"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        // GreenMail keeps one copy per mailbox: one message, to both addresses.
        assertEquals(2, mails.size(), () -> deliveries(email).toString());
        MimeMessage m = mails.get(0);
        assertEquals(2, m.getAllRecipients().length);
        assertEquals(m.getSubject(), mails.get(1).getSubject());
        assertTrue(m.getSubject().startsWith("[Log²] 1 new finding"), m.getSubject());
        String text = m.getContent().toString();
        assertTrue(text.contains(r) && text.contains("MetricThresholds_11") && text.contains("EC2 CPU"), text);
        assertEquals(1, deliveries(email).size());
        assertEquals("delivered", deliveries(email).get(0).get("status"));
    }

    @Test
    void snsPublishesToTheTopic() {
        String topic = "arn:aws:sns:eu-west-1:123456789012:log2-alerts-" + id;
        String sns = channel("sns", topic, null);
        route(sns, "");
        String r = "i-sns-" + id;
        run(cpu(r, "2026-11-20T10:00:00Z", 95));
        int before = Receivers.at("/sns").size();
        after(Duration.ofSeconds(30));
        List<Receivers.Received> got = Receivers.at("/sns");
        assertEquals(before + 1, got.size());
        Receivers.Received publish = got.get(got.size() - 1);
        assertTrue(publish.header("Content-Type").startsWith("application/x-www-form-urlencoded"), publish.header("Content-Type"));
        assertTrue(publish.header("Authorization").contains("/eu-west-1/sns/aws4_request"), publish.header("Authorization"));
        Map<String, String> form = Arrays.stream(publish.body().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p.length > 1 ? p[1] : "", StandardCharsets.UTF_8)));
        assertEquals("Publish", form.get("Action"));
        assertEquals("2010-03-31", form.get("Version"));
        assertEquals(topic, form.get("TopicArn"));
        assertTrue(form.get("Message").contains(r), form.get("Message"));
        assertTrue(form.get("Subject").startsWith("[Log] 1 new finding"), form.get("Subject"));
        assertEquals("reason", form.get("MessageAttributes.entry.1.Name"));
        assertEquals("first", form.get("MessageAttributes.entry.1.Value.StringValue"));
        assertEquals("delivered", deliveries(sns).get(0).get("status"));
    }

    @Test
    void lowSeverityFindingsWaitForOneDigest() throws Exception {
        String hook = webhook();
        route(hook, ",\"category\":\"security\"");
        run(event("RunInstances", "i-new-" + id), event("CreateBucket", "bucket-new-" + id));
        after(Duration.ofMinutes(5));
        assertEquals(0, hooks().size(), "low severity waits for the digest");
        after(Duration.ofMinutes(55));
        assertEquals(1, hooks().size());
        JsonNode digest = body(hooks().get(0));
        assertEquals("digest", digest.get("reason").asText());
        assertEquals("digest", digest.get("group").asText());
        assertEquals(2, digest.get("findings").size(), digest.toString());
        assertTrue(digest.get("title").asText().contains("2 low-severity findings"), digest.toString());
        assertTrue(digest.get("findings").findValuesAsText("severity").stream().allMatch("low"::equals));
    }

    private static String event(String name, String resource) {
        return "{\"type\":\"ApiEvent\",\"time\":\"2026-11-20T10:00:00Z\",\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\""
                + name + "\",\"principal\":\"alice\",\"sourceIp\":\"203.0.113.9\",\"region\":\"eu-west-1\",\"resource\":\""
                + resource + "\"}";
    }
}
