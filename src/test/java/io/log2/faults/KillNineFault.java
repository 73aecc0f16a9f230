package io.log2.faults;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The kill -9 fault: starts the built service, drives a bounded load of concurrent clients posting runs, kills
 * the service with SIGKILL in the middle of it, starts it again on the same database and checks that every
 * run answered 200 before the kill is complete (its run row, each of its findings and all of its firings).
 * Prints the runs acknowledged, present and missing, and the findings and firings missing; exits with 1 if
 * anything acknowledged was lost.
 *
 * <p>Run by {@code scripts/fault-kill9.sh}, which builds the service for H2 or PostgreSQL first. Settings
 * (system properties): {@code fault.jar} (the built {@code quarkus-run.jar}), {@code fault.dir} (a working
 * folder; the H2 database lives in its {@code data/}), {@code fault.pg} (true to start the pg profile, which
 * reads {@code LOG2_DB_URL}, {@code LOG2_DB_USER} and {@code LOG2_DB_PASSWORD} from the environment),
 * {@code fault.clients} (4), {@code fault.kill-after-ms} (20000), {@code fault.facts} (20 per run),
 * {@code fault.port} (18080).
 */
public final class KillNineFault {

    static final Path JAR = Path.of(System.getProperty("fault.jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
    static final Path DIR = Path.of(System.getProperty("fault.dir", "target/fault-kill9")).toAbsolutePath();
    static final boolean PG = Boolean.getBoolean("fault.pg");
    static final int CLIENTS = Integer.getInteger("fault.clients", 4);
    static final long KILL_AFTER_MS = Long.getLong("fault.kill-after-ms", 20_000);
    static final int FACTS = Integer.getInteger("fault.facts", 20);
    static final int PORT = Integer.getInteger("fault.port", 18080);
    static final String PASSWORD = System.getenv().getOrDefault("LOG2_ADMIN_PASSWORD", "fault-kill9-admin");

    /** A run the service answered 200: what it said was stored. */
    record Ack(String runId, int firings, int findings, long atNanos) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String AUTH = "Basic " + Base64.getEncoder()
            .encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));

    public static void main(String[] args) throws Exception {
        Files.createDirectories(DIR);
        copyRules(Path.of("rules"), DIR.resolve("rules"));
        System.out.printf(Locale.ROOT, "kill -9 fault: %s, %d clients, SIGKILL after %d ms, %d facts per run%n",
                PG ? "PostgreSQL (" + System.getenv("LOG2_DB_URL") + ")" : "H2 file " + DIR.resolve("data"), CLIENTS,
                KILL_AFTER_MS, FACTS);

        Process service = start("first");
        ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
        AtomicBoolean killed = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            Thread t = new Thread(() -> postRuns(acks, killed), "client-" + i);
            t.start();
            clients.add(t);
        }
        // The kill lands once the clients have been under load that long and the service has acknowledged runs.
        long loadFrom = System.nanoTime();
        await().forever().pollInterval(Duration.ofMillis(100)).until(() -> !acks.isEmpty()
                && System.nanoTime() - loadFrom >= Duration.ofMillis(KILL_AFTER_MS).toNanos());
        long killedAt = System.nanoTime();
        killed.set(true);
        service.destroyForcibly(); // SIGKILL: no shutdown hook, no drain, no flush
        service.waitFor();
        for (Thread t : clients) {
            t.join();
        }
        long lastSecond = acks.stream().filter(a -> killedAt - a.atNanos() < 1_000_000_000L).count();
        System.out.printf(Locale.ROOT, "acknowledged before the kill: %d runs (%d in its last second), %d findings, %d firings%n",
                acks.size(), lastSecond, acks.stream().mapToInt(Ack::findings).sum(), acks.stream().mapToInt(Ack::firings).sum());

        Process again = start("second");
        boolean complete;
        try {
            int runsPresent = 0;
            int findingsMissing = 0;
            int firingsMissing = 0;
            List<String> lost = new ArrayList<>();
            for (Ack ack : acks) {
                HttpResponse<String> run = get("/api/runs/" + ack.runId());
                if (run.statusCode() == 404) {
                    lost.add(ack.runId());
                    findingsMissing += ack.findings();
                    firingsMissing += ack.firings();
                    continue;
                }
                if (run.statusCode() != 200) {
                    throw new IllegalStateException("GET run " + ack.runId() + ": HTTP " + run.statusCode() + " " + run.body());
                }
                runsPresent++;
                findingsMissing += Math.max(0, ack.findings() - JSON.readTree(run.body()).path("findings").size());
                firingsMissing += Math.max(0, ack.firings() - firingsOf(ack.runId()));
            }
            System.out.printf(Locale.ROOT, "present after restart: %d runs; missing: %d runs, %d findings, %d firings%n",
                    runsPresent, lost.size(), findingsMissing, firingsMissing);
            lost.forEach(id -> System.out.println("  lost run " + id));
            complete = lost.isEmpty() && findingsMissing == 0 && firingsMissing == 0;
        } finally {
            again.destroy();
            again.waitFor();
        }
        if (!complete) {
            System.exit(1);
        }
    }

    /** One client: posts runs one after the other until the service is killed, keeping each one answered 200. */
    static void postRuns(ConcurrentLinkedQueue<Ack> acks, AtomicBoolean killed) {
        while (!killed.get()) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri("/api/agents/aws-usage/runs"))
                        .header("Authorization", AUTH).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(90)).POST(HttpRequest.BodyPublishers.ofString(body())).build(),
                        HttpResponse.BodyHandlers.ofString());
                long at = System.nanoTime();
                if (r.statusCode() == 200) {
                    JsonNode run = JSON.readTree(r.body());
                    acks.add(new Ack(run.path("runId").asText(), run.path("firingCount").asInt(), run.path("findings").size(), at));
                } else if (!killed.get()) {
                    System.out.println("unexpected answer " + r.statusCode() + ": " + r.body());
                }
            } catch (IOException e) {
                // the service was killed under this request: it was never acknowledged
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** EC2 CPU samples, about a quarter of them above the shipped 80% threshold. */
    static String body() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder facts = new StringBuilder();
        for (int i = 0; i < FACTS; i++) {
            double value = random.nextInt(4) == 0 ? 80.5 + random.nextInt(19) : random.nextInt(79);
            facts.append(i == 0 ? "" : ",").append("{\"type\":\"MetricSample\",\"namespace\":\"AWS/EC2\",\"metric\":\"CPUUtilization\","
                    + "\"resource\":\"i-fault").append(random.nextInt(1000)).append("\",\"timestamp\":\"2026-11-20T10:00:00Z\",\"value\":")
                    .append(value).append('}');
        }
        return "{\"facts\":[" + facts + "]}";
    }

    /** The firing rows stored for a run, counted page by page. */
    static int firingsOf(String runId) throws Exception {
        int count = 0;
        String cursor = null;
        do {
            HttpResponse<String> page = get("/api/firings?limit=1000&run=" + runId
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            JsonNode body = JSON.readTree(page.body());
            count += body.path("items").size();
            cursor = body.path("next").isTextual() ? body.path("next").asText() : null;
        } while (cursor != null);
        return count;
    }

    static Process start(String name) throws Exception {
        // Another process on the port would answer in the service's place and every figure would be wrong.
        try (java.net.Socket taken = new java.net.Socket("localhost", PORT)) {
            throw new IllegalStateException("port " + PORT + " is in use: stop what listens there or set -Dfault.port");
        } catch (java.net.ConnectException free) {
            // as it should be
        }
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString())
                .directory(DIR.toFile())
                .redirectErrorStream(true)
                .redirectOutput(DIR.resolve("service-" + name + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(PORT));
        env.put("LOG2_ADMIN_PASSWORD", PASSWORD);
        env.put("LOG2_RULES_DIR", DIR.resolve("rules").toString());
        env.put("LOG2_IMPORTS_DIR", DIR.resolve("imports").toString());
        env.put("LOG2_AWS_COLLECT", "off");
        env.put("LOG2_AWS_LOAD_SAMPLES", "false");
        if (PG) {
            env.put("QUARKUS_PROFILE", "pg");
        }
        Process p = pb.start();
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> ready(p, name));
            return p;
        } catch (ConditionTimeoutException notReady) {
            // fall through: stop it and say so
        }
        p.destroyForcibly();
        throw new IllegalStateException("the service did not become ready; see " + DIR.resolve("service-" + name + ".log"));
    }

    /** Whether the service answers ready; a service that ended at start is an error, not a wait. */
    private static boolean ready(Process p, String name) throws InterruptedException {
        if (!p.isAlive()) {
            throw new IllegalStateException("the service ended at start; see " + DIR.resolve("service-" + name + ".log"));
        }
        try {
            return HTTP.send(HttpRequest.newBuilder(uri("/q/health/ready")).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200 && p.isAlive();
        } catch (IOException notYet) {
            return false; // still starting
        }
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Authorization", AUTH).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static URI uri(String path) {
        return URI.create("http://localhost:" + PORT + path);
    }

    static void copyRules(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
