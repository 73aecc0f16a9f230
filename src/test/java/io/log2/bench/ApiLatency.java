package io.log2.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The latency of authenticated API calls against a running service, one request after the other on one
 * keep-alive connection, as a dashboard polling with HTTP Basic does: prints the median and the 90th percentile
 * of each path after a warm-up. Run with
 * {@code mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.log2.bench.ApiLatency
 * -Dbench.password=<admin password>}; {@code bench.url} (http://localhost:8080), {@code bench.user} (admin),
 * {@code bench.paths} (/api/firings,/q/health), {@code bench.requests} (300) and {@code bench.warmups} (50) change it.
 */
public final class ApiLatency {

    public static void main(String[] args) throws Exception {
        String url = System.getProperty("bench.url", "http://localhost:8080");
        String user = System.getProperty("bench.user", "admin");
        String password = System.getProperty("bench.password");
        if (password == null) {
            throw new IllegalArgumentException("set -Dbench.password to the password of " + user);
        }
        int requests = Integer.getInteger("bench.requests", 300);
        int warmups = Integer.getInteger("bench.warmups", 50);
        String authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (String path : System.getProperty("bench.paths", "/api/firings,/q/health").split(",")) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", authorization)
                    .timeout(Duration.ofSeconds(30)).GET().build();
            List<Long> nanos = new ArrayList<>();
            int bytes = 0;
            for (int i = 0; i < warmups + requests; i++) {
                long start = System.nanoTime();
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                long took = System.nanoTime() - start;
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(path + " answered " + response.statusCode() + ": "
                            + new String(response.body(), StandardCharsets.UTF_8));
                }
                if (i >= warmups) {
                    nanos.add(took);
                    bytes = response.body().length;
                }
            }
            Collections.sort(nanos);
            System.out.printf(Locale.ROOT, "%-20s %d requests, %d bytes each: median %.1f ms, p90 %.1f ms%n", path, requests,
                    bytes, nanos.get(nanos.size() / 2) / 1e6, nanos.get(nanos.size() * 9 / 10) / 1e6);
        }
    }
}
