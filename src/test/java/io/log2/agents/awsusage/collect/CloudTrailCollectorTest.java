package io.log2.agents.awsusage.collect;

import static io.log2.agents.awsusage.collect.AwsResponses.load;
import static io.log2.agents.awsusage.collect.AwsStub.Response.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.log2.agents.awsusage.ApiEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudtrail.model.Event;

class CloudTrailCollectorTest {

    private static final String OP = "LookupEvents";
    private static final String ACCOUNT = "123456789012";
    private static final CollectWindow WINDOW = new CollectWindow(Instant.parse("2026-11-25T09:00:00Z"),
            Instant.parse("2026-11-25T10:00:00Z"));

    private static final ApiEvent DENIED_STS = new ApiEvent(Instant.parse("2026-11-25T09:00:00Z"), "sts.amazonaws.com",
            "GetCallerIdentity", "arn:aws:iam::" + ACCOUNT + ":user/intern", "198.51.100.23", "eu-west-1",
            "AccessDeniedException", null);
    private static final ApiEvent KMS_GRANT = new ApiEvent(Instant.parse("2026-11-25T09:10:00Z"), "kms.amazonaws.com",
            "CreateGrant", "autoscaling.amazonaws.com", "autoscaling.amazonaws.com", "us-east-1", null,
            "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab");
    private static final ApiEvent DENIED_S3 = new ApiEvent(Instant.parse("2026-11-25T09:20:00Z"), "s3.amazonaws.com",
            "GetObject", "arn:aws:sts::" + ACCOUNT + ":assumed-role/reader/mallory", "192.0.2.66", "us-east-1",
            "AccessDenied", "payroll-exports");
    private static final ApiEvent RUN = new ApiEvent(Instant.parse("2026-11-25T09:30:00Z"), "ec2.amazonaws.com",
            "RunInstances", "arn:aws:iam::" + ACCOUNT + ":user/ops", "203.0.113.10", "us-east-1", null,
            "i-0a1b2c3d4e5f60003");
    private static final ApiEvent DENIED_EC2 = new ApiEvent(Instant.parse("2026-11-25T09:50:00Z"), "ec2.amazonaws.com",
            "TerminateInstances", "arn:aws:iam::" + ACCOUNT + ":user/intern", "198.51.100.23", "us-east-1",
            "Client.UnauthorizedOperation", "i-0a1b2c3d4e5f60001");

    private AwsStub stub;

    @BeforeEach
    void start() {
        stub = AwsStub.start();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private void answerFixtures() {
        stub.on(OP, r -> json(load(r.json().has("NextToken")
                ? "fixtures/cloudtrail.lookup-events.page2.fixture.json"
                : "fixtures/cloudtrail.lookup-events.page1.fixture.json")));
    }

    private static Instant epochSeconds(JsonNode node) {
        return Instant.ofEpochMilli(Math.round(node.asDouble() * 1000));
    }

    @Test
    void refusedCallsAndNewResourcesAreKeptOldestFirst() {
        answerFixtures();
        CollectedData data;
        try (AwsClients clients = stub.clients(2)) {
            data = new CloudTrailCollector().collect(clients, WINDOW);
        }
        // dropped: DescribeInstances (read, allowed) and CreateUser refused with EntityAlreadyExists
        assertEquals(List.of(DENIED_STS, KMS_GRANT, DENIED_S3, RUN, DENIED_EC2), data.events());
        assertTrue(data.costs().isEmpty() && data.metrics().isEmpty());

        List<AwsStub.Request> requests = stub.requests(OP);
        assertEquals(2, requests.size());
        assertEquals("com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents", requests.get(0).target());
        JsonNode first = requests.get(0).json();
        assertEquals(WINDOW.from(), epochSeconds(first.get("StartTime")));
        assertEquals(WINDOW.to().minusSeconds(1), epochSeconds(first.get("EndTime")), "LookupEvents' EndTime is inclusive");
        assertEquals(50, first.get("MaxResults").asInt());
        assertFalse(first.has("NextToken"));
        assertFalse(first.has("LookupAttributes"), "no server-side filter: refused reads must not be missed");
        JsonNode second = requests.get(1).json();
        assertEquals("events-page-2", second.get("NextToken").asText());
        assertEquals(WINDOW.from(), epochSeconds(second.get("StartTime")));
    }

    @Test
    void readingStopsAtTheCap() {
        answerFixtures();
        CollectedData data;
        try (AwsClients clients = stub.clients(2)) {
            data = new CloudTrailCollector(5).collect(clients, WINDOW);
        }
        // four events on the first page, then only the first event of the second (the CreateGrant at 09:10):
        // its second may hold more events, so it is left to the next read, which goes down from 09:10:01
        assertEquals(List.of(DENIED_S3, RUN, DENIED_EC2), data.events());
        assertEquals(Instant.parse("2026-11-25T09:10:01Z"), data.readDownTo());
        List<AwsStub.Request> requests = stub.requests(OP);
        assertEquals(2, requests.size());
        assertEquals(5, requests.get(0).json().get("MaxResults").asInt());
        assertEquals(1, requests.get(1).json().get("MaxResults").asInt());
    }

    @Test
    void aCapReachedWithinThePageAsksForNoFurtherPage() {
        answerFixtures();
        CollectedData data;
        try (AwsClients clients = stub.clients(2)) {
            data = new CloudTrailCollector(3).collect(clients, WINDOW);
        }
        assertEquals(List.of(DENIED_EC2), data.events());
        assertEquals(Instant.parse("2026-11-25T09:30:01Z"), data.readDownTo());
        assertEquals(1, stub.requests(OP).size());
        assertThrows(IllegalArgumentException.class, () -> new CloudTrailCollector(0));
    }

    /**
     * An event history of {@code count} RunInstances events, one a minute from 09:00, served as LookupEvents does:
     * those between StartTime and EndTime (both inclusive), newest first, MaxResults a page, NextToken the offset.
     */
    private void serveHistory(int count) {
        stub.on(OP, r -> {
            JsonNode body = r.json();
            Instant start = epochSeconds(body.get("StartTime"));
            Instant end = epochSeconds(body.get("EndTime"));
            List<ObjectNode> matching = new java.util.ArrayList<>();
            for (int i = count - 1; i >= 0; i--) {
                Instant t = Instant.parse("2026-11-25T09:00:00Z").plusSeconds(60L * i);
                if (!t.isBefore(start) && !t.isAfter(end)) {
                    ObjectNode event = AwsResponses.JSON.createObjectNode().put("EventId", "run-" + i)
                            .put("EventName", "RunInstances").put("EventTime", t.getEpochSecond());
                    event.put("CloudTrailEvent", "{\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"RunInstances\","
                            + "\"userIdentity\":{\"arn\":\"arn:aws:iam::123456789012:user/ops\"},\"responseElements\":{}}");
                    matching.add(event);
                }
            }
            int offset = body.has("NextToken") ? Integer.parseInt(body.get("NextToken").asText()) : 0;
            int size = body.get("MaxResults").asInt();
            ObjectNode page = AwsResponses.JSON.createObjectNode();
            matching.subList(offset, Math.min(matching.size(), offset + size)).forEach(page.putArray("Events")::add);
            if (offset + size < matching.size()) {
                page.put("NextToken", String.valueOf(offset + size));
            }
            return json(200, page.toString());
        });
    }

    @Test
    void eventsBeyondTheCapAreReadByTheNextCyclesOldestIncluded() {
        serveHistory(12);
        CloudTrailCollector collector = new CloudTrailCollector(5);
        CollectSchedule schedule = new CollectSchedule(java.time.Duration.ofMinutes(15), java.time.Duration.ofDays(14),
                java.time.Duration.ofHours(6), java.time.Duration.ofDays(2));
        Instant now = Instant.parse("2026-11-25T10:30:00Z");
        Watermark mark = Watermark.at("cloudtrail@us-east-1", Instant.parse("2026-11-25T09:00:00Z"));
        List<Instant> kept = new java.util.ArrayList<>();
        int cycles = 0;
        try (AwsClients clients = stub.clients(2)) {
            do {
                CollectWindow window = collector.window(mark, now, schedule).orElseThrow();
                CollectedData data = collector.collect(clients, window);
                data.events().forEach(e -> kept.add(e.time()));
                mark = collector.advance(mark.collector(), mark, window, data);
                cycles++;
            } while (mark.windowOpen() && cycles < 10);
        }
        List<Instant> all = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            all.add(Instant.parse("2026-11-25T09:00:00Z").plusSeconds(60L * i));
        }
        // 12 events, at most 5 read a cycle and the oldest second of a capped read left to the next: 3 cycles
        assertEquals(3, cycles);
        assertEquals(all, kept.stream().sorted().toList(), "every event once, the oldest too");
        assertEquals(Watermark.at("cloudtrail@us-east-1", Instant.parse("2026-11-25T10:15:00Z")), mark,
                "once the window is read to its start, the next one begins where it ended: lag before the cycle");
        assertEquals(java.util.Optional.of(new CollectWindow(Instant.parse("2026-11-25T10:15:00Z"),
                Instant.parse("2026-11-25T10:45:00Z"))), collector.window(mark, now.plusSeconds(1800), schedule));
    }

    @Test
    void theRecordedConsoleLoginIsReadButNotKept() {
        // aws-cli's recorded answer: one successful ConsoleLogin, neither refused nor a creation
        stub.always(OP, json(load("aws-cli-examples/cloudtrail.lookup-events_1.json")));
        CollectedData data;
        List<Event> events;
        try (AwsClients clients = stub.clients(2)) {
            data = new CloudTrailCollector().collect(clients, WINDOW);
            events = clients.cloudTrail().lookupEvents(r -> r.maxResults(1)).events();
        }
        assertTrue(data.events().isEmpty());
        assertEquals(2, stub.requests(OP).size());

        ApiEvent login = CloudTrailCollector.toApiEvent(events.get(0));
        assertEquals(new ApiEvent(Instant.parse("2021-11-18T17:41:02Z"), "signin.amazonaws.com", "ConsoleLogin",
                "arn:aws:sts::123456789012:assumed-role/my-role/my-session-name", "72.21.198.70", "us-east-1",
                null, null), login);
        assertFalse(CloudTrailCollector.keep(login));
    }

    @Test
    void anEventWhoseRecordIsNotJsonFailsTheCollection() {
        JsonNode page = load("fixtures/cloudtrail.lookup-events.page2.fixture.json").deepCopy();
        ObjectNode broken = (ObjectNode) page.get("Events").get(1);
        String record = broken.get("CloudTrailEvent").asText();
        broken.put("CloudTrailEvent", record.substring(0, record.length() / 2));
        stub.always(OP, json(page));
        IllegalStateException e;
        try (AwsClients clients = stub.clients(2)) {
            e = assertThrows(IllegalStateException.class, () -> new CloudTrailCollector().collect(clients, WINDOW));
        }
        assertTrue(e.getMessage().contains("e0000006-0000-4000-8000-000000000006")
                && e.getMessage().contains("not valid JSON"), e.getMessage());
    }
}
