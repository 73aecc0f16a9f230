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
 * A local EC2 and S3 endpoint for the SDK's real clients, answering with the recorded responses of
 * {@code src/test/resources/actions/aws}. It keeps each resource's state (an instance's state, tags, volumes,
 * snapshots, Elastic IPs, buckets' public access blocks), so a change is seen by the next read; records every
 * request's form (EC2) or path and XML body (S3); refuses an S3 body that is not a well-formed
 * PublicAccessBlockConfiguration; and answers UnauthorizedOperation (EC2) or AccessDenied (S3), HTTP 403, to
 * operations it is told to deny on a resource.
 */
final class ActionStub implements AutoCloseable {

    record Request(String operation, Map<String, String> params) {
        String param(String name) {
            return params.get(name);
        }
    }

    /** An EBS volume as DescribeVolumes shows it; {@code instance} is the instance it is attached to, or null. */
    record Volume(String availabilityZone, String type, int size, Integer iops, Integer throughput, String state,
                  String instance, Map<String, String> tags) {
    }

    /** A snapshot: the volume it was taken of, its state and tags. */
    record Snapshot(String id, String volumeId, int size, String state, Map<String, String> tags, String description) {
    }

    /** An Elastic IP; {@code instance} is what it is associated with, or null. */
    record Address(String allocationId, String publicIp, String instance) {
    }

    private static final Map<String, Integer> CODES = Map.of("pending", 0, "running", 16, "stopping", 64, "stopped", 80);
    /** The form fields that name the resource of an EC2 request, the first present wins. */
    private static final List<String> RESOURCE_FIELDS = List.of("InstanceId.1", "ResourceId.1", "VolumeId", "VolumeId.1",
            "SnapshotId", "SnapshotId.1", "AllocationId", "AllocationId.1", "PublicIp.1", "Filter.1.Value.1");
    private static final List<String> BLOCK_SETTINGS = List.of("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy",
            "RestrictPublicBuckets");

    private final HttpServer server;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> states = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> tags = new ConcurrentHashMap<>();
    private final Map<String, Volume> volumes = new ConcurrentHashMap<>();
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();
    private final Map<String, Address> addresses = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> blocks = new ConcurrentHashMap<>();
    private final Set<String> buckets = ConcurrentHashMap.newKeySet();
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private final Set<String> failingSnapshots = ConcurrentHashMap.newKeySet();
    private final Set<String> pendingSnapshots = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requestIds = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger();

    ActionStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * A stub the service's actions run against: its clients are handed to {@code clients}, the policy file holds
     * {@code policyRows} under the header, and actions are resumed and enabled. The caller closes the stub.
     */
    static ActionStub started(ActionClients clients, ActionService service, String policyRows) throws IOException {
        ActionStub aws = new ActionStub();
        clients.use(aws.clients());
        ActionsTest.policy(policyRows);
        service.resume("test");
        service.enabled(true);
        return aws;
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    AwsClients clients() {
        return new AwsClients(Region.US_EAST_1, URI.create(endpoint()),
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

    void volume(String id, Volume volume) {
        volumes.put(id, volume);
    }

    private volatile boolean deletesSlowly;

    /** DeleteVolume leaves the volume listed as {@code deleting}, as AWS does for a while after answering. */
    void deletesSlowly() {
        deletesSlowly = true;
    }

    /**
     * Puts a volume recorded in {@code actions/aws/placebo} (a Cloud Custodian DescribeVolumes recording) under
     * another id, so each test acts on a resource of its own.
     */
    Volume recordedVolume(String recording, String recordedId, String id) {
        try (InputStream in = ActionStub.class.getResourceAsStream("/actions/aws/placebo/" + recording)) {
            for (com.fasterxml.jackson.databind.JsonNode v : new com.fasterxml.jackson.databind.ObjectMapper().readTree(in)
                    .path("data").path("Volumes")) {
                if (!v.path("VolumeId").asText().equals(recordedId)) {
                    continue;
                }
                Map<String, String> t = new LinkedHashMap<>();
                v.path("Tags").forEach(tag -> t.put(tag.path("Key").asText(), tag.path("Value").asText()));
                com.fasterxml.jackson.databind.JsonNode attachments = v.path("Attachments");
                Volume volume = new Volume(v.path("AvailabilityZone").asText(), v.path("VolumeType").asText(),
                        v.path("Size").asInt(), v.has("Iops") ? v.path("Iops").asInt() : null,
                        v.has("Throughput") ? v.path("Throughput").asInt() : null, v.path("State").asText(),
                        attachments.isEmpty() ? null : attachments.get(0).path("InstanceId").asText(), t);
                volumes.put(id, volume);
                return volume;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalArgumentException("no volume " + recordedId + " in " + recording);
    }

    /** The volume, null once deleted. */
    Volume volume(String id) {
        return volumes.get(id);
    }

    /** Every volume, by id. */
    Map<String, Volume> volumes() {
        return Map.copyOf(volumes);
    }

    /** The snapshots taken of a volume. */
    List<Snapshot> snapshotsOf(String volumeId) {
        return snapshots.values().stream().filter(s -> s.volumeId().equals(volumeId)).toList();
    }

    void address(Address address) {
        addresses.put(address.allocationId(), address);
    }

    /** The address, null once released. */
    Address address(String allocationId) {
        return addresses.get(allocationId);
    }

    /** A bucket, with its public access block's four settings ("true"/"false") or null for none. */
    void bucket(String name, Map<String, String> block) {
        buckets.add(name);
        if (block == null) {
            blocks.remove(name);
        } else {
            blocks.put(name, Map.copyOf(block));
        }
    }

    /** The bucket's public access block, null for none. */
    Map<String, String> block(String bucket) {
        return blocks.get(bucket);
    }

    /** Snapshots of this volume end in the {@code error} state instead of {@code completed}. */
    void failSnapshotsOf(String volumeId) {
        failingSnapshots.add(volumeId);
    }

    /** Snapshots of this volume stay {@code pending}, as a real one does for minutes to hours, until completed here. */
    void holdSnapshotsOf(String volumeId) {
        pendingSnapshots.add(volumeId);
    }

    /** The snapshots of this volume are {@code completed} from now on. */
    void completeSnapshotsOf(String volumeId) {
        pendingSnapshots.remove(volumeId);
        snapshots.replaceAll((k, s) -> s.volumeId().equals(volumeId) && "pending".equals(s.state())
                ? new Snapshot(s.id(), s.volumeId(), s.size(), "completed", s.tags(), s.description()) : s);
    }

    /** The operation fails with UnauthorizedOperation (EC2) or AccessDenied (S3) on this resource. */
    void deny(String operation, String resourceId) {
        denied.add(operation + " " + resourceId);
    }

    /** The requests about one resource (named by any field of the form), in order. */
    List<Request> requests(String resourceId) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.params().containsValue(resourceId)).toList();
        }
    }

    /** The operations made on one resource, in order. */
    List<String> operations(String resourceId) {
        return requests(resourceId).stream().map(Request::operation).toList();
    }

    /** The last request of an operation. */
    Request last(String operation) {
        synchronized (requests) {
            for (int i = requests.size() - 1; i >= 0; i--) {
                if (requests.get(i).operation().equals(operation)) {
                    return requests.get(i);
                }
            }
        }
        throw new AssertionError("no " + operation + " request");
    }

    private void handle(HttpExchange exchange) throws IOException {
        String requestId = "req-" + requestIds.incrementAndGet();
        if (exchange.getRequestURI().getRawQuery() != null || !"POST".equals(exchange.getRequestMethod())) {
            handleS3(exchange, requestId);
            return;
        }
        int status = 200;
        String body;
        try {
            Map<String, String> params = decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String operation = params.getOrDefault("Action", "?");
            requests.add(new Request(operation, params));
            String id = RESOURCE_FIELDS.stream().filter(params::containsKey).findFirst().map(params::get).orElse(null);
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
                    case "DescribeVolumes", "CreateSnapshot", "DeleteVolume", "CreateVolume", "DescribeSnapshots",
                         "DescribeAddresses", "ReleaseAddress" -> {
                        String[] answer = ec2(operation, params, id, requestId);
                        status = Integer.parseInt(answer[0]);
                        body = answer[1];
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
        send(exchange, status, body);
    }

    /** The volume, snapshot and Elastic IP operations: {status, body}. */
    private String[] ec2(String operation, Map<String, String> params, String id, String requestId) {
        switch (operation) {
            case "DescribeVolumes" -> {
                Volume v = volumes.get(id);
                if (v == null) {
                    return new String[] {"400", recording("InvalidVolume.NotFound").replace("{volumeId}", id).replace("{requestId}", requestId)};
                }
                String attachments = v.instance() == null ? "" : "<item><volumeId>" + id + "</volumeId><instanceId>" + v.instance()
                        + "</instanceId><device>/dev/sdf</device><status>attached</status>"
                        + "<attachTime>2026-11-01T09:00:00.000Z</attachTime><deleteOnTermination>false</deleteOnTermination></item>";
                return ok(recording(operation).replace("{requestId}", requestId).replace("{volumeId}", id)
                        .replace("{size}", String.valueOf(v.size())).replace("{availabilityZone}", v.availabilityZone())
                        .replace("{status}", v.state()).replace("{attachments}", attachments).replace("{tags}", tagItems(v.tags()))
                        .replace("{volumeType}", v.type()).replace("{iops}", String.valueOf(v.iops()))
                        .replace("{throughput}", String.valueOf(v.throughput()))
                        // a volume type without chosen IOPS or throughput (gp2) has no such element
                        .replaceAll("\\s*<(iops|throughput)>null</(iops|throughput)>", ""));
            }
            case "CreateSnapshot" -> {
                Volume v = volumes.get(id);
                if (v == null) {
                    return new String[] {"400", recording("InvalidVolume.NotFound").replace("{volumeId}", id).replace("{requestId}", requestId)};
                }
                String snapshotId = String.format("snap-%017x", ids.incrementAndGet());
                // a real snapshot starts pending; the stub's completes at once unless held, so the action reads it completed
                Snapshot s = new Snapshot(snapshotId, id, v.size(), failingSnapshots.contains(id) ? "error"
                        : pendingSnapshots.contains(id) ? "pending" : "completed",
                        tagSpecification(params, "snapshot"),
                        params.get("Description"));
                snapshots.put(snapshotId, s);
                return ok(snapshot(recording(operation).replace("{status}", "pending"), s, requestId));
            }
            case "DescribeSnapshots" -> {
                StringBuilder items = new StringBuilder();
                String item = recording("DescribeSnapshots.item");
                snapshots.values().stream().filter(s -> matches(s, params)).sorted(java.util.Comparator.comparing(Snapshot::id))
                        .forEach(s -> items.append(snapshot(item, s, requestId)));
                return ok(recording(operation).replace("{requestId}", requestId).replace("{items}", items));
            }
            case "DeleteVolume" -> {
                Volume deleted = deletesSlowly
                        ? volumes.computeIfPresent(id, (k, v) -> new Volume(v.availabilityZone(), v.type(), v.size(), v.iops(),
                                v.throughput(), "deleting", v.instance(), v.tags()))
                        : volumes.remove(id);
                if (deleted == null) {
                    return new String[] {"400", recording("InvalidVolume.NotFound").replace("{volumeId}", id).replace("{requestId}", requestId)};
                }
                return ok(recording(operation).replace("{requestId}", requestId));
            }
            case "CreateVolume" -> {
                Snapshot s = snapshots.get(params.get("SnapshotId"));
                String volumeId = String.format("vol-%017x", ids.incrementAndGet());
                Volume v = new Volume(params.get("AvailabilityZone"), params.getOrDefault("VolumeType", "gp2"),
                        Integer.parseInt(params.getOrDefault("Size", String.valueOf(s.size()))),
                        params.containsKey("Iops") ? Integer.valueOf(params.get("Iops")) : null,
                        params.containsKey("Throughput") ? Integer.valueOf(params.get("Throughput")) : null,
                        "available", null, tagSpecification(params, "volume"));
                volumes.put(volumeId, v);
                return ok(recording(operation).replace("{requestId}", requestId).replace("{volumeId}", volumeId)
                        .replace("{size}", String.valueOf(v.size())).replace("{snapshotId}", s.id())
                        .replace("{availabilityZone}", v.availabilityZone()).replace("{volumeType}", v.type())
                        .replace("{tags}", tagItems(v.tags())));
            }
            case "DescribeAddresses" -> {
                Address a = addresses.get(id);
                if (a == null) {
                    a = addresses.values().stream().filter(x -> x.publicIp().equals(id)).findFirst().orElse(null);
                }
                if (a == null) {
                    return new String[] {"400", recording(id.startsWith("eipalloc-") ? "InvalidAllocationID.NotFound"
                            : "InvalidAddress.NotFound").replace("{allocationId}", id).replace("{publicIp}", id)
                            .replace("{requestId}", requestId)};
                }
                String association = a.instance() == null ? "" : "<instanceId>" + a.instance()
                        + "</instanceId><associationId>eipassoc-0fedcba9876543210</associationId>"
                        + "<networkInterfaceId>eni-0abcdef1234567890</networkInterfaceId>"
                        + "<networkInterfaceOwnerId>123456789012</networkInterfaceOwnerId><privateIpAddress>10.0.1.23</privateIpAddress>";
                return ok(recording(operation).replace("{requestId}", requestId).replace("{allocationId}", a.allocationId())
                        .replace("{publicIp}", a.publicIp()).replace("{association}", association));
            }
            case "ReleaseAddress" -> {
                if (addresses.remove(id) == null) {
                    return new String[] {"400", recording("InvalidAllocationID.NotFound").replace("{allocationId}", id)
                            .replace("{requestId}", requestId)};
                }
                return ok(recording(operation).replace("{requestId}", requestId));
            }
            default -> throw new IllegalArgumentException(operation);
        }
    }

    private static String[] ok(String body) {
        return new String[] {"200", body};
    }

    /** DescribeSnapshots' SnapshotId.N, and its filters volume-id and tag:KEY. */
    private static boolean matches(Snapshot s, Map<String, String> params) {
        if (params.containsKey("SnapshotId.1") && !params.containsValue(s.id())) {
            return false;
        }
        for (int i = 1; params.containsKey("Filter." + i + ".Name"); i++) {
            String name = params.get("Filter." + i + ".Name");
            String value = params.get("Filter." + i + ".Value.1");
            boolean match = switch (name) {
                case "volume-id" -> s.volumeId().equals(value);
                default -> name.startsWith("tag:") && value.equals(s.tags().get(name.substring(4)));
            };
            if (!match) {
                return false;
            }
        }
        return true;
    }

    private static String snapshot(String template, Snapshot s, String requestId) {
        return template.replace("{requestId}", requestId).replace("{snapshotId}", s.id()).replace("{volumeId}", s.volumeId())
                .replace("{status}", s.state()).replace("{volumeSize}", String.valueOf(s.size()))
                .replace("{description}", String.valueOf(s.description())).replace("{tags}", tagItems(s.tags()))
                // a snapshot the stub holds is as young as the test that took it
                .replace("{startTime}", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
    }

    /** The tags of the form's TagSpecification for one resource type. */
    private static Map<String, String> tagSpecification(Map<String, String> params, String resourceType) {
        Map<String, String> t = new LinkedHashMap<>();
        for (int s = 1; params.containsKey("TagSpecification." + s + ".ResourceType"); s++) {
            if (!resourceType.equals(params.get("TagSpecification." + s + ".ResourceType"))) {
                continue;
            }
            String prefix = "TagSpecification." + s + ".Tag.";
            for (int i = 1; params.containsKey(prefix + i + ".Key"); i++) {
                t.put(params.get(prefix + i + ".Key"), params.getOrDefault(prefix + i + ".Value", ""));
            }
        }
        return t;
    }

    private static String tagItems(Map<String, String> tags) {
        StringBuilder items = new StringBuilder();
        tags.forEach((k, v) -> items.append("<item><key>").append(k).append("</key><value>").append(v).append("</value></item>"));
        return items.toString();
    }

    /** S3's public access block, REST-XML on {@code /{bucket}?publicAccessBlock}; anything else is refused. */
    private void handleS3(HttpExchange exchange, String requestId) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        String bucket = path.substring(1);
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("x-amz-request-id", requestId);
        if (!("publicAccessBlock".equals(query) || "publicAccessBlock=".equals(query)) || bucket.isEmpty() || bucket.contains("/")) {
            send(exchange, 400, s3Error("StubUnknownOperation", method + " " + path + "?" + query, bucket, requestId));
            return;
        }
        String operation = switch (method) {
            case "GET" -> "GetPublicAccessBlock";
            case "PUT" -> "PutPublicAccessBlock";
            case "DELETE" -> "DeletePublicAccessBlock";
            default -> method;
        };
        Map<String, String> params = new LinkedHashMap<>();
        params.put("Bucket", bucket);
        params.put("path", path + "?" + query);
        if (!body.isEmpty()) {
            params.put("body", body);
        }
        if (!buckets.contains(bucket)) {
            requests.add(new Request(operation, params));
            send(exchange, 404, s3Error("NoSuchBucket", "The specified bucket does not exist", bucket, requestId));
            return;
        }
        if ("PUT".equals(method)) {
            try {
                params.putAll(blockSettings(body));
            } catch (IllegalArgumentException e) {
                requests.add(new Request(operation, params));
                send(exchange, 400, s3Error("MalformedXML", e.getMessage(), bucket, requestId));
                return;
            }
        }
        requests.add(new Request(operation, params));
        if (denied.contains(operation + " " + bucket)) {
            send(exchange, 403, s3Error("AccessDenied", "Access Denied", bucket, requestId));
            return;
        }
        switch (operation) {
            case "GetPublicAccessBlock" -> {
                Map<String, String> block = blocks.get(bucket);
                if (block == null) {
                    send(exchange, 404, s3Error("NoSuchPublicAccessBlockConfiguration",
                            "The public access block configuration was not found", bucket, requestId));
                } else {
                    String xml = recording(operation);
                    for (String setting : BLOCK_SETTINGS) {
                        xml = xml.replace("{" + setting + "}", block.getOrDefault(setting, "false"));
                    }
                    send(exchange, 200, xml);
                }
            }
            case "PutPublicAccessBlock" -> {
                Map<String, String> block = new LinkedHashMap<>();
                BLOCK_SETTINGS.forEach(s -> block.put(s, params.getOrDefault(s, "false")));
                blocks.put(bucket, block);
                send(exchange, 200, "");
            }
            case "DeletePublicAccessBlock" -> {
                blocks.remove(bucket);
                send(exchange, 204, null);
            }
            default -> send(exchange, 405, s3Error("MethodNotAllowed", method, bucket, requestId));
        }
    }

    /** The settings of a PutPublicAccessBlock body, refusing what S3 would answer MalformedXML to. */
    private static Map<String, String> blockSettings(String body) {
        try {
            javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            org.w3c.dom.Element root = factory.newDocumentBuilder()
                    .parse(new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
            if (!"PublicAccessBlockConfiguration".equals(root.getLocalName())
                    || !"http://s3.amazonaws.com/doc/2006-03-01/".equals(root.getNamespaceURI())) {
                throw new IllegalArgumentException("root " + root.getNodeName() + " is not PublicAccessBlockConfiguration");
            }
            Map<String, String> settings = new LinkedHashMap<>();
            for (org.w3c.dom.Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n.getNodeType() != org.w3c.dom.Node.ELEMENT_NODE) {
                    continue;
                }
                String value = n.getTextContent().trim();
                if (!BLOCK_SETTINGS.contains(n.getLocalName()) || !(value.equals("true") || value.equals("false"))) {
                    throw new IllegalArgumentException("unexpected " + n.getLocalName() + "=" + value);
                }
                settings.put(n.getLocalName(), value);
            }
            return settings;
        } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException | IOException e) {
            throw new IllegalArgumentException("not XML: " + e.getMessage());
        }
    }

    private static String s3Error(String code, String message, String bucket, String requestId) {
        return recording("S3Error").replace("{code}", code).replace("{message}", message).replace("{bucket}", bucket)
                .replace("{requestId}", requestId);
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
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
