package io.log2.actions;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.log2.agents.awsusage.collect.AwsClients;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * A local EC2 endpoint for the SDK's real client, answering with the recorded responses of
 * {@code src/test/resources/actions/aws}: it keeps each instance's state, so a stop is seen by the next
 * DescribeInstances, records every request's form, and answers UnauthorizedOperation (HTTP 403) to operations it is
 * told to deny on an instance.
 */
final class ActionStub implements AutoCloseable {

    record Request(String operation, Map<String, String> params) {
        String param(String name) {
            return params.get(name);
        }
    }

    private static final Map<String, Integer> CODES = Map.of("pending", 0, "running", 16, "stopping", 64, "stopped", 80);

    private final HttpServer server;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> states = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> tags = new ConcurrentHashMap<>();
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requestIds = new AtomicInteger();

    ActionStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    AwsClients clients() {
        return new AwsClients(Region.US_EAST_1, URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")), 1);
    }

    void instance(String id, String state) {
        states.put(id, state);
    }

    void tags(String id, Map<String, String> present) {
        tags.put(id, new ConcurrentHashMap<>(present));
    }

    Map<String, String> tags(String id) {
        return Map.copyOf(tags.getOrDefault(id, Map.of()));
    }

    String state(String id) {
        return states.get(id);
    }

    /** The operation fails with UnauthorizedOperation on this instance. */
    void deny(String operation, String instanceId) {
        denied.add(operation + " " + instanceId);
    }

    /** The requests about one resource (named by any field of the form), in order. */
    List<Request> requests(String resourceId) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.params().containsValue(resourceId)).toList();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        int status = 200;
        String body;
        String requestId = "req-" + requestIds.incrementAndGet();
        try {
            Map<String, String> params = decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String operation = params.getOrDefault("Action", "?");
            requests.add(new Request(operation, params));
            String id = params.getOrDefault("InstanceId.1", params.getOrDefault("ResourceId.1", params.get("Filter.1.Value.1")));
            if (denied.contains(operation + " " + id)) {
                status = 403;
                body = fill("UnauthorizedOperation", requestId, id);
            } else {
                switch (operation) {
                    case "DescribeInstances" -> body = fill(operation, requestId, id);
                    case "StopInstances" -> {
                        body = fill(operation, requestId, id);
                        states.put(id, "stopped");
                    }
                    case "StartInstances" -> {
                        body = fill(operation, requestId, id);
                        states.put(id, "running");
                    }
                    case "DescribeTags" -> {
                        StringBuilder items = new StringBuilder();
                        tags.getOrDefault(id, Map.of()).forEach((k, v) -> items.append("\n        <item><resourceId>").append(id)
                                .append("</resourceId><resourceType>instance</resourceType><key>").append(k)
                                .append("</key><value>").append(v).append("</value></item>"));
                        body = fill(operation, requestId, id).replace("{items}", items);
                    }
                    case "CreateTags" -> {
                        Map<String, String> t = tags.computeIfAbsent(id, k -> new ConcurrentHashMap<>());
                        for (int i = 1; params.containsKey("Tag." + i + ".Key"); i++) {
                            t.put(params.get("Tag." + i + ".Key"), params.getOrDefault("Tag." + i + ".Value", ""));
                        }
                        body = fill(operation, requestId, id);
                    }
                    case "DeleteTags" -> {
                        Map<String, String> t = tags.computeIfAbsent(id, k -> new ConcurrentHashMap<>());
                        for (int i = 1; params.containsKey("Tag." + i + ".Key"); i++) {
                            String value = params.get("Tag." + i + ".Value");
                            // as EC2 does: with a value, the tag goes only while it holds that value
                            if (value == null) {
                                t.remove(params.get("Tag." + i + ".Key"));
                            } else {
                                t.remove(params.get("Tag." + i + ".Key"), value);
                            }
                        }
                        body = fill(operation, requestId, id);
                    }
                    default -> {
                        status = 400;
                        body = "<Response><Errors><Error><Code>StubUnknownOperation</Code><Message>" + operation
                                + "</Message></Error></Errors><RequestID>" + requestId + "</RequestID></Response>";
                    }
                }
            }
        } catch (RuntimeException e) {
            status = 400;
            body = "<Response><Errors><Error><Code>StubFailure</Code><Message>" + e + "</Message></Error></Errors></Response>";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private String fill(String recording, String requestId, String instanceId) {
        String state = states.getOrDefault(instanceId, "running");
        return recording(recording).replace("{requestId}", requestId).replace("{instanceId}", String.valueOf(instanceId))
                .replace("{state}", state).replace("{stateCode}", String.valueOf(CODES.get(state)));
    }

    private static String recording(String name) {
        try (InputStream in = ActionStub.class.getResourceAsStream("/actions/aws/" + name + ".xml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> decode(String form) {
        Map<String, String> params = new LinkedHashMap<>();
        if (form == null || form.isEmpty()) {
            return params;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
