package io.log2.agents.awsusage.collect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.log2.agents.awsusage.ApiEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;
import software.amazon.awssdk.services.cloudtrail.model.Resource;

/**
 * Refused calls and new resources from CloudTrail's event history.
 *
 * <p>What it asks: {@code LookupEvents} over the window (no lookup attribute, 50 events a page), following
 * {@code NextToken} until the events run out or {@code maxEvents} have been read; reaching the cap is logged as a
 * warning and the events read so far are kept. Event history holds the management events of the client's
 * region for the last 90 days; LookupEvents is limited to 2 calls a second per account and region, which the SDK's
 * retries absorb.
 *
 * <p>Every event's {@code CloudTrailEvent} JSON is read: {@code errorCode}, {@code userIdentity.arn} as the
 * principal (else {@code userIdentity.invokedBy} for an AWS service, else the event's user name, else
 * {@code userIdentity.principalId}), {@code sourceIPAddress}, {@code awsRegion}, {@code eventSource},
 * {@code eventName}. The resource is the first of the event's resources as LookupEvents lists them, else the
 * ARN of the first entry of the record's {@code resources}. Kept: calls refused with {@code AccessDenied},
 * {@code AccessDeniedException}, {@code UnauthorizedOperation}, {@code Client.UnauthorizedOperation} or
 * {@code UnauthorizedAccess}, and successful calls whose name starts with {@code Create} or {@code Run}. The
 * events come back oldest first. An event without a readable {@code CloudTrailEvent} fails the collection.
 */
public final class CloudTrailCollector implements Collector {

    public static final String NAME = "cloudtrail";
    /** How many events a collection reads at most unless told otherwise. */
    public static final int DEFAULT_MAX_EVENTS = 5_000;
    /** The error codes of a refused call. */
    public static final Set<String> DENIED = Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation",
            "Client.UnauthorizedOperation", "UnauthorizedAccess");
    static final int PAGE_SIZE = 50;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger(CloudTrailCollector.class);

    private final int maxEvents;

    public CloudTrailCollector() {
        this(DEFAULT_MAX_EVENTS);
    }

    /** @param maxEvents how many events one collection reads at most (kept or not) */
    public CloudTrailCollector(int maxEvents) {
        if (maxEvents <= 0) {
            throw new IllegalArgumentException("maxEvents must be positive: " + maxEvents);
        }
        this.maxEvents = maxEvents;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CollectedData collect(AwsClients clients, CollectWindow window) {
        CollectedData data = CollectedData.empty();
        if (!window.from().isBefore(window.to())) {
            return data;
        }
        CloudTrailClient cloudTrail = clients.cloudTrail();
        List<ApiEvent> kept = new ArrayList<>();
        int read = 0;
        boolean more;
        String token = null;
        do {
            String page = token;
            int size = Math.min(PAGE_SIZE, maxEvents - read);
            LookupEventsResponse response = cloudTrail.lookupEvents(r -> r.startTime(window.from())
                    .endTime(window.to()).maxResults(size).nextToken(page));
            List<Event> events = response.events();
            int i = 0;
            for (; i < events.size() && read < maxEvents; i++, read++) {
                ApiEvent e = toApiEvent(events.get(i));
                if (keep(e)) {
                    kept.add(e);
                }
            }
            token = response.nextToken();
            more = token != null && !token.isEmpty();
            if (read >= maxEvents && (more || i < events.size())) {
                LOG.warnf("CloudTrail: stopped after %d events between %s and %s; the rest were not read",
                        read, window.from(), window.to());
                break;
            }
        } while (more);
        kept.sort(Comparator.comparing(ApiEvent::time, Comparator.nullsFirst(Comparator.naturalOrder())));
        data.events().addAll(kept);
        return data;
    }

    static boolean keep(ApiEvent e) {
        if (e.errorCode() != null) {
            return DENIED.contains(e.errorCode());
        }
        String name = e.eventName();
        return name != null && (name.startsWith("Create") || name.startsWith("Run"));
    }

    static ApiEvent toApiEvent(Event event) {
        String text = event.cloudTrailEvent();
        if (text == null || text.isBlank()) {
            throw new IllegalStateException("CloudTrail event " + event.eventId() + " has no CloudTrailEvent record");
        }
        JsonNode record;
        try {
            record = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("CloudTrail event " + event.eventId()
                    + " has a CloudTrailEvent that is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (record == null || !record.isObject()) {
            throw new IllegalStateException("CloudTrail event " + event.eventId()
                    + " has a CloudTrailEvent that is not a JSON object");
        }
        JsonNode identity = record.path("userIdentity");
        String principal = first(text(identity, "arn"), text(identity, "invokedBy"), blankToNull(event.username()),
                text(identity, "principalId"));
        return new ApiEvent(
                event.eventTime() != null ? event.eventTime() : time(event, text(record, "eventTime")),
                first(text(record, "eventSource"), blankToNull(event.eventSource())),
                first(text(record, "eventName"), blankToNull(event.eventName())),
                principal,
                text(record, "sourceIPAddress"),
                text(record, "awsRegion"),
                text(record, "errorCode"),
                resource(event, record));
    }

    private static String resource(Event event, JsonNode record) {
        for (Resource r : event.resources()) {
            if (r.resourceName() != null && !r.resourceName().isBlank()) {
                return r.resourceName();
            }
        }
        for (JsonNode r : record.path("resources")) {
            String arn = text(r, "ARN");
            if (arn != null) {
                return arn;
            }
        }
        return null;
    }

    private static Instant time(Event event, String eventTime) {
        if (eventTime == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(eventTime).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("CloudTrail event " + event.eventId() + " has an unreadable eventTime: "
                    + eventTime, e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isValueNode() || value.isNull() ? null : blankToNull(value.asText());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String first(String... candidates) {
        for (String c : candidates) {
            if (c != null) {
                return c;
            }
        }
        return null;
    }
}
