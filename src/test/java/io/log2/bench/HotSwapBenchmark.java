package io.log2.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;

/**
 * A decision table of 1,000 rows replaced while 4 clients run an agent continuously, against a running service.
 * Makes an agent ({@code swapbench<time>}) whose table gives every row the message "gen A: ...", starts the clients
 * (each posts runs of one fact that fires one random row), then saves the table again with "gen B" through
 * {@code PUT /api/agents/{agent}/files/limits.drl.csv} (the save is noticed when the request arrives) and keeps the
 * clients going for a few seconds more. Prints the time the save took (compile, store, activate: the compile time
 * of 1,000 rows), how soon after the save returned the new version served a run, and every run that failed or
 * whose findings came from another version than the one it reports. Run with
 * {@code mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.log2.bench.HotSwapBenchmark
 * -Dbench.password=<admin password>} ({@code bench.url}, {@code bench.user}, {@code bench.rows} change it).
 */
public final class HotSwapBenchmark {

    static final int ROWS = Integer.getInteger("bench.rows", 1000);
    static final int CLIENTS = 4;
    /** Runs each client makes on a version before the benchmark moves on. */
    static final int FLOW_RUNS = 25;
    static final ObjectMapper JSON = new ObjectMapper();

    record Run(long startNanos, long endNanos, int status, int version, String generation) {
    }

    public static void main(String[] args) throws Exception {
        String url = System.getProperty("bench.url", "http://localhost:8080");
        String user = System.getProperty("bench.user", "admin");
        String password = System.getProperty("bench.password");
        if (password == null) {
            throw new IllegalArgumentException("set -Dbench.password to the password of " + user);
        }
        String authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String agent = "swapbench" + System.currentTimeMillis() / 1000;
        String drl = "package io.log2.rules." + agent + "\n\nglobal io.log2.logic.Findings findings\n\n"
                + "declare Order\n    resource : String\n    amount : double\nend\n";
        String create = JSON.writeValueAsString(Map.of("name", agent, "template", "custom",
                "files", Map.of("orders.drl", drl, "limits.drl.csv", table(agent, "A"))));
        long t0 = System.nanoTime();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(url + "/api/agents"))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.ofString(create)).build(),
                HttpResponse.BodyHandlers.ofString());
        double createMs = (System.nanoTime() - t0) / 1e6;
        if (created.statusCode() != 201) {
            throw new IllegalStateException("creating " + agent + " answered " + created.statusCode() + ": " + created.body());
        }
        System.out.printf(Locale.ROOT, "agent %s made with a table of %,d rows in %.0f ms%n", agent, ROWS, createMs);

        ConcurrentLinkedQueue<Run> runs = new ConcurrentLinkedQueue<>();
        AtomicBoolean going = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            Thread t = new Thread(() -> {
                HttpClient own = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                while (going.get()) {
                    runs.add(run(own, url, authorization, agent));
                }
            });
            t.start();
            clients.add(t);
        }
        // The old version in full flow first: every client has run it a number of times when the save arrives.
        Awaitility.await().atMost(Duration.ofMinutes(5)).until(() -> runs.size() >= CLIENTS * FLOW_RUNS);
        long saveSent = System.nanoTime();
        HttpResponse<String> saved = http.send(HttpRequest.newBuilder(URI.create(url + "/api/agents/" + agent + "/files/limits.drl.csv"))
                .header("Authorization", authorization).timeout(Duration.ofMinutes(5))
                .PUT(HttpRequest.BodyPublishers.ofString(table(agent, "B"))).build(), HttpResponse.BodyHandlers.ofString());
        long saveDone = System.nanoTime();
        if (saved.statusCode() != 200) {
            throw new IllegalStateException("saving the table answered " + saved.statusCode() + ": " + saved.body());
        }
        int newVersion = JSON.readTree(saved.body()).path("version").asInt();
        // as many runs again on the new version before the clients stop, so a run mixing versions would show
        Awaitility.await().atMost(Duration.ofMinutes(5)).until(() -> runs.stream()
                .filter(r -> r.status == 200 && r.version == newVersion).count() >= CLIENTS * FLOW_RUNS);
        going.set(false);
        for (Thread t : clients) {
            t.join();
        }

        long failed = runs.stream().filter(r -> r.status != 200).count();
        long mixed = runs.stream().filter(r -> r.status == 200 && !r.generation.equals(r.version == newVersion ? "B" : "A")).count();
        long oldAfterSave = runs.stream().filter(r -> r.status == 200 && r.startNanos > saveDone && r.version != newVersion).count();
        long firstNew = runs.stream().filter(r -> r.status == 200 && r.version == newVersion).mapToLong(Run::endNanos).min().orElse(-1);
        List<Long> latencies = runs.stream().filter(r -> r.status == 200).map(r -> r.endNanos - r.startNanos).sorted().toList();
        System.out.printf(Locale.ROOT, "%d clients, %,d runs (median %.1f ms each); the save of %,d rows took %.0f ms"
                        + " (compile, store and activate: %.2f s per 1,000 rows)%n",
                CLIENTS, runs.size(), latencies.get(latencies.size() / 2) / 1e6, ROWS, (saveDone - saveSent) / 1e6,
                (saveDone - saveSent) / 1e9 * 1000 / ROWS);
        System.out.printf(Locale.ROOT, "first run served by version %d: %.0f ms after the save was sent, %.0f ms after it returned%n",
                newVersion, (firstNew - saveSent) / 1e6, (firstNew - saveDone) / 1e6);
        System.out.printf(Locale.ROOT, "runs failed: %d; runs whose findings came from another version than theirs: %d;"
                + " runs started after the save returned that the old version served: %d%n", failed, mixed, oldAfterSave);
        if (Boolean.parseBoolean(System.getProperty("bench.cleanup", "true"))) {
            http.send(HttpRequest.newBuilder(URI.create(url + "/api/agents/" + agent + "?purge=true"))
                    .header("Authorization", authorization).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        }
    }

    /** One run of one order that fires one random row; the generation is the tag its findings carry. */
    static Run run(HttpClient http, String url, String authorization, String agent) {
        int row = ThreadLocalRandom.current().nextInt(ROWS);
        String body = "{\"facts\":[{\"type\":\"Order\",\"resource\":\"r-" + row + "\",\"amount\":" + row + "}]}";
        long start = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/agents/" + agent + "/runs"))
                    .header("Authorization", authorization).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            long end = System.nanoTime();
            if (r.statusCode() != 200) {
                return new Run(start, end, r.statusCode(), -1, "");
            }
            JsonNode result = JSON.readTree(r.body());
            StringBuilder generations = new StringBuilder();
            for (JsonNode f : result.path("findings")) {
                String message = f.path("message").asText();
                generations.append(message.startsWith("gen ") ? message.substring(4, 5) : "?");
            }
            String generation = generations.length() == 1 ? generations.toString() : "[" + generations + "]";
            return new Run(start, end, 200, result.path("version").asInt(), generation);
        } catch (Exception e) {
            return new Run(start, System.nanoTime(), -1, -1, e.toString());
        }
    }

    /** The table: row i alerts on order r-i, with a message tagged by the generation. */
    static String table(String agent, String generation) {
        StringBuilder t = new StringBuilder();
        t.append("RuleSet,io.log2.rules.").append(agent).append('\n');
        t.append("Variables,io.log2.logic.Findings findings\n");
        t.append("RuleTable Limits\n");
        t.append("DESCRIPTION,CONDITION,ACTION,METADATA,METADATA,NAME\n");
        t.append(",$o : Order,,,,\n");
        t.append(",\"resource == \"\"$param\"\"\",\"findings.$param(kcontext, $o);\",\"severity(\"\"$param\"\")\",\"message(\"\"$param\"\")\",\n");
        t.append("Rule,Resource,Kind,Severity,Message,Id\n");
        for (int i = 0; i < ROWS; i++) {
            t.append("Order r-").append(i).append(",r-").append(i).append(",alert,low,\"gen ")
                    .append(generation).append(": {resource}\",Limits_").append(i + 1).append('\n');
        }
        return t.toString();
    }
}
