package io.log2.agents.awsusage.collect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.log2.agents.awsusage.ApiEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
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
 * {@code NextToken} until the events run out or {@code maxEvents} have been read. LookupEvents answers newest
 * first, so a collection stopped at the cap has read the window's newer part only: it keeps the events it read
 * completely (every event after the second of the last one read), logs a warning, and the collector's watermark
 * keeps the window open, so that the next cycles read the older rest, again newest first and again within the cap,
 * until the window is read to its start; then the next window begins. Event history holds the management events
 * of the client's region for the last 90 days; LookupEvents is limited to 2 calls a second per account and region,
 * which the SDK's retries absorb.
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

    /**
     * The rest of a window stopped at the cap if there is one, else from the watermark to {@code lag} before now,
     * in whole seconds. Event history's times are whole seconds, and a window ends where the next one starts, so
     * no event is read twice: events are not stored in the history, and one read twice would be evaluated twice.
     */
    @Override
    public Optional<CollectWindow> window(Watermark mark, Instant now, CollectSchedule schedule) {
        if (mark != null && mark.windowOpen()) {
            return Optional.of(new CollectWindow(mark.collectedTo(), mark.readDownTo()));
        }
        Instant from = schedule.notBeforeLimit(mark == null ? schedule.earliest(now) : mark.collectedTo(), now)
                .truncatedTo(ChronoUnit.SECONDS);
        Instant to = now.minus(schedule.lag()).truncatedTo(ChronoUnit.SECONDS);
        return from.isBefore(to) ? Optional.of(new CollectWindow(from, to)) : Optional.empty();
    }

    /** A window read to its start closes (the watermark moves to its end); one stopped at the cap stays open. */
    @Override
    public Watermark advance(String key, Watermark mark, CollectWindow window, CollectedData data) {
        Instant end = mark != null && mark.windowOpen() ? mark.windowTo() : window.to();
        return data.readDownTo() == null ? Watermark.at(key, end)
                : new Watermark(key, window.from(), end, data.readDownTo());
    }

    /**
     * Reads the window's events, newest first as LookupEvents returns them. Stopped at the cap, it keeps only the
     * events after the second of the last one read (that second may have more) and says how far down it read.
     */
    @Override
    public CollectedData collect(AwsClients clients, CollectWindow window) {
        CollectedData data = CollectedData.empty();
        if (!window.from().isBefore(window.to())) {
            return data;
        }
        CloudTrailClient cloudTrail = clients.cloudTrail();
        List<ApiEvent> kept = new ArrayList<>();
        // LookupEvents' bounds are inclusive; the window's end is not part of it.
        Instant last = window.to().minusSeconds(1);
        int read = 0;
        boolean more;
        String token = null;
        Instant oldestRead = null;
        do {
            String page = token;
            int size = Math.min(PAGE_SIZE, maxEvents - read);
            LookupEventsResponse response = cloudTrail.lookupEvents(r -> r.startTime(window.from())
                    .endTime(last).maxResults(size).nextToken(page));
            List<Event> events = response.events();
            int i = 0;
            for (; i < events.size() && read < maxEvents; i++, read++) {
                ApiEvent e = toApiEvent(events.get(i));
                if (e.time() != null) {
                    oldestRead = e.time();
                }
                if (keep(e)) {
                    kept.add(e);
                }
            }
            token = response.nextToken();
            more = token != null && !token.isEmpty();
            if (read >= maxEvents && (more || i < events.size())) {
                Instant readDownTo = oldestRead == null ? window.to()
                        : oldestRead.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
                LOG.warnf("CloudTrail: stopped after %d events between %s and %s; the events before %s are read next cycle",
                        read, window.from(), window.to(), readDownTo);
                kept.removeIf(e -> e.time() != null && e.time().isBefore(readDownTo));
                kept.sort(Comparator.comparing(ApiEvent::time, Comparator.nullsFirst(Comparator.naturalOrder())));
                data.events().addAll(kept);
                return data.readDownTo(readDownTo);
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
