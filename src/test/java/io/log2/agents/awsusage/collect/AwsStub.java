package io.log2.agents.awsusage.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * A local stand-in for AWS: an HTTP server on 127.0.0.1 that the real SDK clients call. It records every request
 * (operation, headers, body) and answers per operation, first from answers queued with {@link #next}, then from
 * the standing answer set with {@link #always} or {@link #on}. The operation is the part of
 * {@code X-Amz-Target} after its last dot (JSON 1.1 services) or the last path segment
 * ({@code /service/<service>/operation/<Operation>}, Smithy RPC v2 CBOR). A request no answer was set for gets
 * HTTP 418 with {@code __type StubHasNoAnswer} (and one whose answer function throws, {@code StubFailed}), which
 * the SDK does not retry.
 */
final class AwsStub implements AutoCloseable {

    static final String AMZ_JSON = "application/x-amz-json-1.1";
    static final String CBOR = "application/cbor";

    /** One request as the stub received it. */
    record Request(String method, String path, String target, String operation, Map<String, String> headers,
                   byte[] body) {

        String header(String name) {
            return headers.get(name.toLowerCase());
        }

        /** The access key id the request was signed with. */
        String accessKey() {
            String auth = header("authorization");
            int at = auth == null ? -1 : auth.indexOf("Credential=");
            return at < 0 ? null : auth.substring(at + "Credential=".length(), auth.indexOf('/', at));
        }

        /** A form field of a Query protocol request. */
        String form(String name) {
            return formField(body, name);
        }

        JsonNode json() {
            return AwsResponses.parse(new String(body, StandardCharsets.UTF_8));
        }

        JsonNode cbor() {
            return Cbor.decode(body);
        }
    }

    /** One answer. */
    record Response(int status, Map<String, String> headers, byte[] body) {

        static Response json(int status, String body) {
            return new Response(status, Map.of("Content-Type", AMZ_JSON), body.getBytes(StandardCharsets.UTF_8));
        }

        /** A JSON 1.1 answer, with ISO-8601 date-times sent as epoch seconds as AWS does. */
        static Response json(JsonNode tree) {
            return json(200, AwsResponses.onJsonWire(tree).toString());
        }

        static Response cbor(int status, byte[] body) {
            return new Response(status, Map.of("Content-Type", CBOR, "smithy-protocol", "rpc-v2-cbor"), body);
        }

        static Response cbor(JsonNode tree) {
            return cbor(200, Cbor.encode(tree));
        }

        static Response cbor(int status, JsonNode tree) {
            return cbor(status, Cbor.encode(tree));
        }

        static Response xml(String body) {
            return new Response(200, Map.of("Content-Type", "text/xml"), body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The AWS Query protocol operations the stub answers itself (STS); other Query and REST calls go to the fallback. */
    static final java.util.Set<String> QUERY_OPERATIONS = java.util.Set.of("GetCallerIdentity", "AssumeRole");

    private final HttpServer server;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Deque<Response>> queued = new ConcurrentHashMap<>();
    private final Map<String, Function<Request, Response>> standing = new ConcurrentHashMap<>();
    private volatile URI fallback;

    private AwsStub(HttpServer server) {
        this.server = server;
    }

    static AwsStub start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            AwsStub stub = new AwsStub(server);
            server.createContext("/", stub::handle);
            server.start();
            return stub;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the AWS stub", e);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** SDK clients that call this stub, with dummy credentials and the given attempts per call. */
    AwsClients clients(int attempts) {
        return new AwsClients(Region.US_EAST_1, endpoint(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")), attempts);
    }

    /** The standing answer to an operation, chosen from the request. */
    AwsStub on(String operation, Function<Request, Response> answer) {
        standing.put(operation, answer);
        return this;
    }

    AwsStub always(String operation, Response answer) {
        return on(operation, r -> answer);
    }

    /** Answers given once each, in order, before the standing answer. */
    AwsStub next(String operation, Response... answers) {
        Deque<Response> queue = queued.computeIfAbsent(operation, k -> new ArrayDeque<>());
        synchronized (queue) {
            queue.addAll(List.of(answers));
        }
        return this;
    }

    /**
     * Where requests of the other protocols go (EC2 and RDS Query, S3 REST): they are passed on to that endpoint
     * and its answer returned, so one address can stand for every service.
     */
    AwsStub fallback(URI endpoint) {
        this.fallback = endpoint;
        return this;
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    List<Request> requests(String operation) {
        return requests().stream().filter(r -> r.operation().equals(operation)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            String path = exchange.getRequestURI().getPath();
            String target = headers.get("x-amz-target");
            String action = target == null ? formField(body, "Action") : null;
            boolean query = action != null && QUERY_OPERATIONS.contains(action);
            if (fallback != null && target == null && !query && !path.startsWith("/service/")) {
                forward(exchange, headers, body);
                return;
            }
            String operation = target != null ? target.substring(target.lastIndexOf('.') + 1)
                    : query ? action : path.substring(path.lastIndexOf('/') + 1);
            Request request = new Request(exchange.getRequestMethod(), path, target, operation, Map.copyOf(headers), body);
            requests.add(request);

            Response response = answer(request);
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().add("x-amzn-RequestId", "stub-" + requests.size());
            exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
            if (response.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        }
    }

    private static String formField(byte[] body, String name) {
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private void forward(HttpExchange exchange, Map<String, String> headers, byte[] body) throws IOException {
        URI uri = fallback.resolve(exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) uri.toURL().openConnection();
        c.setRequestMethod(exchange.getRequestMethod());
        headers.forEach((k, v) -> {
            if (!k.equals("host") && !k.equals("content-length") && !k.equals("connection")) {
                c.setRequestProperty(k, v);
            }
        });
        if (body.length > 0) {
            c.setDoOutput(true);
            c.getOutputStream().write(body);
        }
        int status = c.getResponseCode();
        java.io.InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        byte[] answer = in == null ? new byte[0] : in.readAllBytes();
        String type = c.getContentType();
        if (type != null) {
            exchange.getResponseHeaders().add("Content-Type", type);
        }
        exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    private Response answer(Request request) {
        Deque<Response> queue = queued.get(request.operation());
        if (queue != null) {
            synchronized (queue) {
                if (!queue.isEmpty()) {
                    return queue.poll();
                }
            }
        }
        Function<Request, Response> answer = standing.get(request.operation());
        if (answer == null) {
            return refusal(request, "StubHasNoAnswer", "no answer for " + request.operation());
        }
        try {
            return answer.apply(request);
        } catch (RuntimeException e) {
            return refusal(request, "StubFailed", e.toString());
        }
    }

    /** An error the SDK does not retry (HTTP 418), in the request's protocol. */
    private static Response refusal(Request request, String type, String message) {
        var body = AwsResponses.JSON.createObjectNode().put("__type", type).put("message", message);
        return request.target() != null ? Response.json(418, body.toString()) : Response.cbor(418, body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
