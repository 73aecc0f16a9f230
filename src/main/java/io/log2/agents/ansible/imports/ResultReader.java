package io.log2.agents.ansible.imports;

import static io.log2.agents.ansible.imports.JsonFields.array;
import static io.log2.agents.ansible.imports.JsonFields.at;
import static io.log2.agents.ansible.imports.JsonFields.count;
import static io.log2.agents.ansible.imports.JsonFields.flag;
import static io.log2.agents.ansible.imports.JsonFields.instant;
import static io.log2.agents.ansible.imports.JsonFields.object;
import static io.log2.agents.ansible.imports.JsonFields.optionalFlag;
import static io.log2.agents.ansible.imports.JsonFields.text;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.log2.agents.ansible.imports.PlaybookResult.HostStats;
import io.log2.agents.ansible.imports.PlaybookResult.Outcome;
import io.log2.imports.BoundedInputStream;
import io.log2.imports.ImportRejectedException;
import io.log2.imports.UploadContent;
import java.io.EOFException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipException;

/**
 * Reads a playbook result as the {@code json} stdout callback writes it ({@code ANSIBLE_STDOUT_CALLBACK=json}):
 * one object with {@code plays} (each play's tasks, each task's result per host) and {@code stats} (the recap).
 * Also reads the event stream of the {@code ansible.posix.jsonl} callback: one object per event, each naming its
 * {@code _event}; runner events carry {@code task} and {@code hosts} as the json callback's tasks do, and the
 * {@code v2_playbook_on_stats} event carries the recap.
 *
 * <p>Refusals: 415 when the text is not JSON, or JSON that is not such a result; 422 when it is one but broken
 * (cut short, a value of the wrong type, no recap), with the line and column or the JSON pointer of the fault.
 */
public final class ResultReader {

    static final int MESSAGE_CHARS = 500;
    private static final String EXPECTED = "expected the output of ansible-playbook with ANSIBLE_STDOUT_CALLBACK=json "
            + "(or the events of the ansible.posix.jsonl callback)";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Reads the text whole; {@code text} is read, not closed. */
    public PlaybookResult read(Reader text) {
        try {
            JsonParser parser = MAPPER.createParser(text);
            JsonToken first;
            try {
                first = parser.nextToken();
            } catch (JsonProcessingException e) {
                throw ImportRejectedException.unsupported(place(e.getLocation()), "the content is not JSON ("
                        + plain(e) + "): " + EXPECTED);
            }
            if (first == null) {
                throw ImportRejectedException.badRequest("body", "the file holds no JSON value");
            }
            if (first != JsonToken.START_OBJECT) {
                throw ImportRejectedException.unsupported("line 1", "the JSON is not a playbook result: it starts with "
                        + first.asString() + " where a result starts with '{'; " + EXPECTED);
            }
            JsonLocation firstAt = parser.currentTokenLocation();
            JsonNode root = MAPPER.readTree(parser);
            if (root.has("_event")) {
                return events(parser, root, firstAt);
            }
            if (!root.has("plays") && !root.has("stats")) {
                throw ImportRejectedException.unsupported("/", "the JSON has neither 'plays' nor 'stats' (its keys: "
                        + keys(root) + "): " + EXPECTED);
            }
            JsonToken next = parser.nextToken();
            if (next != null) {
                throw ImportRejectedException.invalid(place(parser.currentTokenLocation()), "a second JSON value follows the "
                        + "result at " + place(parser.currentTokenLocation()) + ": send one run per file");
            }
            return jsonCallback(root);
        } catch (JsonProcessingException e) {
            throw ImportRejectedException.invalid(place(e.getLocation()), "the JSON is broken at " + place(e.getLocation())
                    + ": " + plain(e));
        } catch (CharacterCodingException e) {
            throw ImportRejectedException.unsupported("body", "the content is not UTF-8 text: " + EXPECTED);
        } catch (ZipException | EOFException e) {
            throw UploadContent.corruptGzip(e);
        } catch (BoundedInputStream.SourceFailure e) {
            throw e;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The parser's own words, without the parser's note of where a structure started (the place is named already). */
    private static String plain(JsonProcessingException e) {
        String text = e.getOriginalMessage();
        int note = text.indexOf(" (start marker at");
        return (note < 0 ? text : text.substring(0, note)).replace('\n', ' ');
    }

    private static String place(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "body";
        }
        return "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String keys(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        String joined = String.join(", ", names.subList(0, Math.min(10, names.size())));
        return names.size() > 10 ? joined + ", ..." : joined.isEmpty() ? "none" : joined;
    }

    private static PlaybookResult jsonCallback(JsonNode root) {
        List<Outcome> outcomes = new ArrayList<>();
        Instant start = null;
        Instant end = null;
        JsonNode plays = array(root, "plays", "");
        if (plays != null) {
            for (int i = 0; i < plays.size(); i++) {
                String p = at("/plays", i);
                JsonNode entry = plays.get(i);
                if (!entry.isObject()) {
                    throw JsonFields.wrong(p, "an object", entry);
                }
                JsonNode play = object(entry, "play", p);
                String playName = null;
                if (play != null) {
                    playName = text(play, "name", at(p, "play"));
                    JsonNode duration = object(play, "duration", at(p, "play"));
                    if (duration != null) {
                        start = earliest(start, instant(duration, "start", at(at(p, "play"), "duration")));
                        end = latest(end, instant(duration, "end", at(at(p, "play"), "duration")));
                    }
                }
                JsonNode tasks = array(entry, "tasks", p);
                if (tasks == null) {
                    continue;
                }
                for (int t = 0; t < tasks.size(); t++) {
                    String tp = at(at(p, "tasks"), t);
                    JsonNode task = tasks.get(t);
                    if (!task.isObject()) {
                        throw JsonFields.wrong(tp, "an object", task);
                    }
                    outcomes.addAll(taskEntry(task, tp, playName, null));
                }
            }
        }
        JsonNode stats = object(root, "stats", "");
        if (stats == null) {
            throw ImportRejectedException.invalid("/stats", "the result has no 'stats', the recap of its hosts: the run "
                    + "did not finish, or the file was cut");
        }
        return new PlaybookResult(PlaybookResult.JSON, recap(stats, "/stats"), outcomes, start, end);
    }

    /**
     * One task entry: {@code task} (name, duration) and {@code hosts} (the result per host).
     *
     * @param kind for an event, what the event says happened ({@code failed}, {@code skipped}, {@code unreachable}),
     *             which the result itself may not repeat; null for the json callback
     */
    private static List<Outcome> taskEntry(JsonNode entry, String pointer, String play, String kind) {
        JsonNode task = object(entry, "task", pointer);
        String name = null;
        Instant start = null;
        Instant end = null;
        if (task != null) {
            name = text(task, "name", at(pointer, "task"));
            JsonNode duration = object(task, "duration", at(pointer, "task"));
            if (duration != null) {
                start = instant(duration, "start", at(at(pointer, "task"), "duration"));
                end = instant(duration, "end", at(at(pointer, "task"), "duration"));
            }
        }
        List<Outcome> out = new ArrayList<>();
        JsonNode hosts = object(entry, "hosts", pointer);
        if (hosts == null) {
            return out;
        }
        Iterator<Map.Entry<String, JsonNode>> results = hosts.fields();
        while (results.hasNext()) {
            Map.Entry<String, JsonNode> r = results.next();
            String rp = at(at(pointer, "hosts"), r.getKey());
            JsonNode result = r.getValue();
            if (!result.isObject()) {
                throw JsonFields.wrong(rp, "an object", result);
            }
            Boolean ignore = optionalFlag(result, "ignore_errors", rp);
            Boolean ansibleIgnore = optionalFlag(result, "_ansible_ignore_errors", rp);
            out.add(new Outcome(play, name, r.getKey(), text(result, "action", rp),
                    flag(result, "changed", rp),
                    flag(result, "failed", rp) || "failed".equals(kind),
                    flag(result, "skipped", rp) || "skipped".equals(kind),
                    flag(result, "unreachable", rp) || "unreachable".equals(kind),
                    ignore != null ? ignore : ansibleIgnore, start, end, message(result)));
        }
        return out;
    }

    /** The result's message: {@code msg} (a list's lines joined), else its error output, else why it was skipped. */
    static String message(JsonNode result) {
        for (String key : new String[] {"msg", "stderr", "skip_reason"}) {
            JsonNode n = result.get(key);
            if (n == null || n.isNull()) {
                continue;
            }
            String text;
            if (n.isArray()) {
                List<String> lines = new ArrayList<>();
                n.forEach(line -> lines.add(line.isValueNode() ? line.asText() : line.toString()));
                text = String.join("; ", lines);
            } else {
                text = n.isValueNode() ? n.asText() : n.toString();
            }
            if (!text.isBlank()) {
                return text.length() > MESSAGE_CHARS ? text.substring(0, MESSAGE_CHARS - 3) + "..." : text;
            }
        }
        return null;
    }

    private static List<HostStats> recap(JsonNode stats, String pointer) {
        List<HostStats> hosts = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> entries = stats.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> e = entries.next();
            String hp = at(pointer, e.getKey());
            JsonNode s = e.getValue();
            if (!s.isObject()) {
                throw JsonFields.wrong(hp, "an object of counts", s);
            }
            // the json callback writes 'failures', the jsonl callback 'failed'
            int failed = s.has("failures") ? count(s, "failures", hp) : count(s, "failed", hp);
            hosts.add(new HostStats(e.getKey(), count(s, "ok", hp), count(s, "changed", hp), failed,
                    count(s, "unreachable", hp), count(s, "skipped", hp), count(s, "rescued", hp), count(s, "ignored", hp)));
        }
        return hosts;
    }

    /** The events of the jsonl callback, the first of which is read already. */
    private static PlaybookResult events(JsonParser parser, JsonNode first, JsonLocation firstAt) throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        List<HostStats> hosts = null;
        Instant start = null;
        Instant end = null;
        String play = null;
        JsonNode event = first;
        JsonLocation eventAt = firstAt;
        int n = 0;
        while (event != null) {
            String where = place(eventAt);
            String p = "/" + n;
            if (!event.isObject() || text(event, "_event", p) == null) {
                throw ImportRejectedException.invalid(where, "the value at " + where + " is not an event (an object with '_event')");
            }
            String name = text(event, "_event", p);
            Instant time = instant(event, "_timestamp", p);
            start = earliest(start, time);
            end = latest(end, time);
            if (name.equals("v2_playbook_on_play_start")) {
                JsonNode playNode = object(event, "play", p);
                play = playNode == null ? null : text(playNode, "name", at(p, "play"));
            } else if (name.startsWith("v2_runner_on_") && !name.startsWith("v2_runner_on_async")) {
                String kind = name.substring("v2_runner_on_".length());
                outcomes.addAll(taskEntry(event, p, play, kind));
            } else if (name.equals("v2_playbook_on_stats")) {
                JsonNode stats = object(event, "stats", p);
                if (stats == null) {
                    throw ImportRejectedException.invalid(where, "the v2_playbook_on_stats event at " + where + " has no 'stats'");
                }
                hosts = recap(stats, at(p, "stats"));
            }
            n++;
            if (parser.nextToken() == null) {
                break;
            }
            eventAt = parser.currentTokenLocation();
            event = MAPPER.readTree(parser);
        }
        if (hosts == null) {
            throw ImportRejectedException.invalid("/" + (n - 1), "the events end without v2_playbook_on_stats, the recap "
                    + "of the hosts: the run did not finish, or the file was cut");
        }
        return new PlaybookResult(PlaybookResult.EVENTS, hosts, outcomes, start, end);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null || b != null && b.isBefore(a) ? b : a;
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null || b != null && b.isAfter(a) ? b : a;
    }
}
