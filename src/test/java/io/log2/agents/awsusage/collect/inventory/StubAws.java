package io.log2.agents.awsusage.collect.inventory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.log2.agents.awsusage.collect.AwsClients;
import java.io.IOException;
import java.io.OutputStream;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * A local AWS endpoint for the SDK's real clients: it records every request and answers by operation. EC2 and RDS
 * requests (AWS Query protocol) are named by their form's {@code Action}; S3 requests (REST-XML, path style) by
 * the operation their method, path and sub-resource mean. A request no handler knows gets a 400 the SDK will not
 * retry, so a test fails loudly instead of waiting.
 */
final class StubAws implements AutoCloseable {

    /** One recorded request. {@code params} holds the form fields of a Query request, else the URL's query. */
    record Request(String operation, String method, String path, Map<String, String> params, String body) {
        String param(String name) {
            return params.get(name);
        }
    }

    record Reply(int status, String body) {
        static Reply xml(String body) {
            return new Reply(200, body);
        }
    }

    private static final Map<String, String> S3_SUBRESOURCES = Map.of(
            "publicAccessBlock", "GetPublicAccessBlock",
            "policyStatus", "GetBucketPolicyStatus",
            "acl", "GetBucketAcl",
            "encryption", "GetBucketEncryption",
            "tagging", "GetBucketTagging");

    private final HttpServer server;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Function<Request, Reply>> handlers = new ConcurrentHashMap<>();

    StubAws() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    StubAws on(String operation, Function<Request, Reply> handler) {
        handlers.put(operation, handler);
        return this;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    AwsClients clients(int attempts) {
        return new AwsClients(Region.US_EAST_1, endpoint(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")), attempts);
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    List<Request> requests(String operation) {
        return requests().stream().filter(r -> r.operation().equals(operation)).toList();
    }

    /** The operations in the order they were called. */
    List<String> operations() {
        return requests().stream().map(Request::operation).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Reply reply;
        try {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            Map<String, String> params;
            String operation;
            if ("POST".equals(method) && contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
                params = decode(body);
                operation = params.getOrDefault("Action", "?");
            } else {
                params = decode(exchange.getRequestURI().getRawQuery());
                operation = s3Operation(method, path, params);
            }
            Request request = new Request(operation, method, path, params, body);
            requests.add(request);
            Function<Request, Reply> handler = handlers.get(operation);
            reply = handler == null
                    ? new Reply(400, stubError("StubUnknownOperation", "no handler for " + operation + " " + method + " " + exchange.getRequestURI()))
                    : handler.apply(request);
        } catch (RuntimeException e) {
            reply = new Reply(400, stubError("StubFailure", String.valueOf(e)));
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
        exchange.getResponseHeaders().set("x-amzn-RequestId", "stub-request");
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String s3Operation(String method, String path, Map<String, String> query) {
        if ("GET".equals(method) && "/".equals(path)) {
            return "ListBuckets";
        }
        if ("GET".equals(method) && path.indexOf('/', 1) < 0) {
            for (Map.Entry<String, String> sub : S3_SUBRESOURCES.entrySet()) {
                if (query.containsKey(sub.getKey())) {
                    return sub.getValue();
                }
            }
        }
        return "S3 " + method + " " + path + " " + query.keySet();
    }

    private static Map<String, String> decode(String form) {
        Map<String, String> params = new LinkedHashMap<>();
        if (form == null || form.isEmpty()) {
            return params;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }

    private static String stubError(String code, String message) {
        return "<Error><Code>" + code + "</Code><Message>" + WireXml.escape(message) + "</Message></Error>";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
