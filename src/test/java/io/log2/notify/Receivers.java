package io.log2.notify;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Real receivers on this machine for the notification tests: a JDK HTTP server that records every request by path
 * (webhooks, Slack, and the SNS stub at /sns answering the query protocol's PublishResponse) and answers with the
 * statuses a test scripts (200 when none is left), and GreenMail as the SMTP server of the email channel.
 */
public class Receivers implements QuarkusTestResourceLifecycleManager {

    /** One request as received. */
    public record Received(String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    private static HttpServer http;
    /** The SNS stub on a server of its own: the SDK posts to its endpoint's root, whatever path the endpoint names. */
    private static HttpServer sns;
    private static GreenMail smtp;
    private static final Map<String, List<Received>> received = new ConcurrentHashMap<>();
    private static final Map<String, Deque<Integer>> scripted = new ConcurrentHashMap<>();

    public static String url(String path) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + path;
    }

    public static List<Received> at(String path) {
        return received.getOrDefault(path, List.of());
    }

    /** The next answers at {@code path}, in order. */
    public static void answer(String path, Integer... statuses) {
        scripted.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(List.of(statuses));
    }

    public static GreenMail smtp() {
        return smtp;
    }

    @Override
    public Map<String, String> start() {
        try {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/", exchange -> handle(exchange, exchange.getRequestURI().getPath()));
            http.start();
            sns = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            sns.createContext("/", exchange -> handle(exchange, "/sns"));
            sns.start();
            int smtpPort;
            try (ServerSocket s = new ServerSocket(0)) {
                smtpPort = s.getLocalPort();
            }
            smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            return Map.of("quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port", String.valueOf(smtpPort),
                    "log2.notifications.sns.endpoint", "http://127.0.0.1:" + sns.getAddress().getPort(),
                    "log2.notifications.sns.access-key-id", "stub-key", "log2.notifications.sns.secret-access-key", "stub-secret");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void handle(HttpExchange exchange, String path) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>())
                .add(new Received(path, Map.copyOf(exchange.getRequestHeaders()), body));
        if (Boolean.getBoolean("receivers.debug")) {
            System.err.println("RECEIVED " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().entrySet() + "\n" + body);
        }
        Deque<Integer> script = scripted.get(path);
        Integer status = script == null ? null : script.pollFirst();
        int code = status == null ? 200 : status;
        byte[] answer;
        if (path.equals("/sns") && code == 200) {
            answer = ("<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult><MessageId>"
                    + java.util.UUID.randomUUID() + "</MessageId></PublishResult><ResponseMetadata><RequestId>stub</RequestId>"
                    + "</ResponseMetadata></PublishResponse>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
        } else {
            answer = (code == 200 ? "ok" : "receiver down").getBytes(StandardCharsets.UTF_8);
        }
        exchange.sendResponseHeaders(code, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    @Override
    public void stop() {
        if (http != null) {
            http.stop(0);
        }
        if (sns != null) {
            sns.stop(0);
        }
        if (smtp != null) {
            smtp.stop();
        }
    }
}
