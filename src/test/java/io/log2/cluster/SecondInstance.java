package io.log2.cluster;

import static io.restassured.RestAssured.given;

import io.log2.support.Api;
import io.restassured.specification.RequestSpecification;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A second service instance in a process of its own, on the database of the test instance: the service built for
 * PostgreSQL by {@link PostgresPackage}, with its own port, its own empty rules folder and its own import folders.
 */
final class SecondInstance implements AutoCloseable {

    static final Path HOME = Path.of("target/pg-instance").toAbsolutePath();
    private static final Path JAR = HOME.resolve("quarkus-app/quarkus-run.jar");

    final int port;
    final Path rulesDir;
    private final Process process;
    private final Path log;

    private SecondInstance(int port, Path rulesDir, Process process, Path log) {
        this.port = port;
        this.rulesDir = rulesDir;
        this.process = process;
        this.log = log;
    }

    /** Starts the second instance and answers once its API answers. */
    static SecondInstance start() throws Exception {
        buildIfStale();
        Path rules = HOME.resolve("rules");
        deleteTree(rules);
        deleteTree(HOME.resolve("data"));
        Files.createDirectories(rules);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path log = HOME.resolve("second-instance.log");
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx384m",
                "-Dquarkus.http.port=" + port,
                "-Dlog2.cluster.instance-name=second",
                "-Dlog2.rules-dir=" + rules,
                "-Dlog2.data-dir=" + HOME.resolve("data"),
                "-Dlog2.admin-password=" + Api.ADMIN_PASSWORD,
                "-Dlog2.aws.collect=off",
                "-Dlog2.aws.load-samples=false",
                "-Dlog2.aws.first-cycle-delay=24h",
                "-Dlog2.imports.dir=" + HOME.resolve("imports"),
                "-Dlog2.ansible.imports-dir=" + HOME.resolve("imports-ansible"),
                "-Dlog2.terraform.imports-dir=" + HOME.resolve("imports-terraform"),
                "-jar", JAR.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putIfAbsent("LOG2_DB_URL", "jdbc:postgresql://localhost:5432/log2");
        Process process = pb.start();
        SecondInstance second = new SecondInstance(port, rules, process, log);
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the second instance stopped at start:\n" + second.logTail());
            }
            try {
                if (second.api().get("/api/agents").statusCode() == 200) {
                    return second;
                }
            } catch (Exception notYet) {
                // not listening yet (RestAssured throws the ConnectException undeclared)
            }
            if (Instant.now().isAfter(deadline)) {
                second.close();
                throw new IllegalStateException("the second instance did not answer within 5 minutes:\n" + second.logTail());
            }
            process.waitFor(200, TimeUnit.MILLISECONDS);
        }
    }

    /** Requests to the second instance as the first admin. */
    RequestSpecification api() {
        return given().baseUri("http://localhost").port(port).auth().preemptive().basic("admin", Api.ADMIN_PASSWORD);
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Builds the PostgreSQL package when it is missing or older than a compiled class, in a JVM of its own. */
    private static void buildIfStale() throws Exception {
        if (Files.exists(JAR) && newest(Path.of("target/classes")) < Files.getLastModifiedTime(JAR).toMillis()) {
            return;
        }
        Path log = Files.createDirectories(HOME).resolve("package.log");
        Process build = new ProcessBuilder(java(), "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                PostgresPackage.class.getName(), Path.of("").toAbsolutePath().toString(), HOME.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!build.waitFor(15, TimeUnit.MINUTES) || build.exitValue() != 0 || !Files.exists(JAR)) {
            build.destroyForcibly();
            throw new IllegalStateException("building the PostgreSQL package failed; see " + log);
        }
    }

    private static long newest(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.getLastModifiedTime(p).toMillis();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).max().orElse(Long.MAX_VALUE);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
