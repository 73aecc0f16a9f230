package io.log2.api;

import static io.log2.support.Facts.ec2Cpu;
import static io.log2.support.Facts.run;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.log2.security.Roles;
import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.arc.Arc;
import io.quarkus.security.Authenticated;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class SecurityTest {

    private static final int OPERATION_TIMEOUT_MILLIS = 300_000;

    /** Operations meant to be open to anyone; none under /api. An operation that is open and not listed fails. */
    private static final Set<String> PUBLIC_OPERATIONS = Set.of();

    /** Values for path parameters; any other parameter gets a value no resource has, which is fine for a 404. */
    private static final Map<String, String> PATH_VALUES = Map.of("agent", "aws-usage", "version", "1",
            "name", "security.drl", "id", "1", "username", "viewer-user");

    private static final Pattern PARAMETER = Pattern.compile("\\{([^}:]+)(:[^}]*)?}");

    /** One operation of the API document: its method, its path template and the media types its body may have. */
    private record Operation(String method, String template, List<String> bodyTypes) {
        String key() {
            return method + " " + template;
        }

        String url() {
            Matcher m = PARAMETER.matcher(template);
            StringBuilder url = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(url, PATH_VALUES.getOrDefault(m.group(1), "authz-probe"));
            }
            return m.appendTail(url).toString();
        }
    }

    /** Every operation of /q/openapi, the list of what the service answers. */
    @SuppressWarnings("unchecked")
    private static List<Operation> documentedOperations() {
        Map<String, Map<String, Object>> paths = given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        List<Operation> operations = new ArrayList<>();
        paths.forEach((template, methods) -> methods.forEach((method, spec) -> {
            if (!method.equals("parameters")) {
                Map<String, Object> body = (Map<String, Object>) ((Map<String, Object>) spec).get("requestBody");
                List<String> types = body == null ? List.of()
                        : new ArrayList<>(((Map<String, Object>) body.get("content")).keySet());
                operations.add(new Operation(method.toUpperCase(), template, types));
            }
        }));
        return operations;
    }

    /** The JAX-RS resource methods of the running service, by "METHOD /path/{template}". */
    private static Map<String, Method> resourceMethods() {
        Map<String, Method> methods = new TreeMap<>();
        for (Bean<?> bean : Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> type = bean.getBeanClass();
            Path root = type.getAnnotation(Path.class);
            if (root == null) {
                continue;
            }
            for (Method m : type.getDeclaredMethods()) {
                String http = Arrays.stream(m.getAnnotations()).map(a -> a.annotationType().getAnnotation(HttpMethod.class))
                        .filter(h -> h != null).map(HttpMethod::value).findFirst().orElse(null);
                if (http != null) {
                    Path sub = m.getAnnotation(Path.class);
                    methods.put(http + " " + template(root.value(), sub == null ? "" : sub.value()), m);
                }
            }
        }
        return methods;
    }

    private static String template(String root, String sub) {
        String joined = Arrays.stream((root + "/" + sub).split("/")).filter(s -> !s.isEmpty())
                .reduce("", (a, b) -> a + "/" + b);
        return PARAMETER.matcher(joined).replaceAll("{$1}");
    }

    /**
     * The roles a resource method lets in, from its annotations (a method's own override its class's). An operation
     * with none, or open to everyone without being listed in {@link #PUBLIC_OPERATIONS}, fails the test: with
     * deny-unannotated-endpoints such an endpoint is closed to all, and an open one must be meant.
     */
    private static Set<String> allowedRoles(String operation, Method m) {
        for (AnnotatedElement where : List.of(m, m.getDeclaringClass())) {
            if (where.isAnnotationPresent(PermitAll.class)) {
                if (!PUBLIC_OPERATIONS.contains(operation)) {
                    fail(operation + " is open to everyone (@PermitAll) but not listed as public");
                }
                return null;
            }
            if (where.isAnnotationPresent(DenyAll.class)) {
                return Set.of();
            }
            if (where.isAnnotationPresent(Authenticated.class)) {
                return Roles.ALL;
            }
            RolesAllowed roles = where.getAnnotation(RolesAllowed.class);
            if (roles != null) {
                return Set.of(roles.value());
            }
        }
        fail(operation + " (" + m + ") names no roles: annotate it with @RolesAllowed");
        return null;
    }

    private static RequestSpecification as(String role) {
        if (role == null) {
            return given();
        }
        return role.equals(Roles.ADMIN) ? Api.admin() : Api.as(role);
    }

    /**
     * A request of the operation: a body of its media type that the endpoint refuses (an empty JSON object, an empty
     * file, a form without the file), so that an allowed role changes nothing and is still past authorisation.
     */
    private static Response call(Operation op, String role) {
        RequestSpecification request = as(role);
        if (!op.bodyTypes().isEmpty()) {
            String type = op.bodyTypes().get(0);
            if (type.startsWith("multipart/")) {
                request = request.multiPart("authz-probe", "authz-probe");
            } else if (type.contains("json")) {
                request = request.contentType("application/json").body("{}");
            } else {
                // the operation's own type (text/csv, an XLSX workbook): another one may match no method and be a 415
                request = request.contentType(type.contains("*") ? "application/octet-stream" : type).body(new byte[0]);
            }
        }
        // Authorisation is what is checked, not speed: an allowed role's request runs the operation (a monitoring cycle,
        // a backtest over every stored day), which on the suite's accumulated history can outlast the default timeout.
        request = request.config(RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.socket.timeout", OPERATION_TIMEOUT_MILLIS)));
        long started = System.nanoTime();
        Response answer = request.request(op.method(), op.url());
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (millis > 5_000) {
            System.out.printf("SecurityTest: %s as %s answered %d in %d ms%n", op.key(), role, answer.statusCode(), millis);
        }
        return answer;
    }

    @Test
    void everyDocumentedOperationAnswersEachRoleAsItsAnnotationsSay() {
        assertEquals("true", ConfigProvider.getConfig().getValue("quarkus.security.jaxrs.deny-unannotated-endpoints", String.class));
        List<Operation> operations = documentedOperations();
        Map<String, Method> code = resourceMethods();
        assertEquals(code.keySet(), new TreeSet<>(operations.stream().map(Operation::key).toList()),
                "the API document lists exactly the resource methods");
        assertTrue(operations.size() >= 16, "operations found: " + operations.size());

        // Every operation's roles first: one that names none fails before any request is made.
        Map<Operation, Set<String>> expected = new LinkedHashMap<>();
        for (Operation op : operations) {
            Set<String> allowed = allowedRoles(op.key(), code.get(op.key()));
            if (allowed != null) {
                expected.put(op, allowed);
            }
        }
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<Operation, Set<String>> e : expected.entrySet()) {
            Operation op = e.getKey();
            Set<String> allowed = e.getValue();
            Response anonymous = call(op, null);
            if (anonymous.statusCode() != 401 || !"Basic realm=\"log2\"".equals(anonymous.header("WWW-Authenticate"))
                    || !anonymous.contentType().startsWith("application/problem+json")) {
                wrong.add(op.key() + " without credentials: " + anonymous.statusCode() + " " + anonymous.contentType());
            }
            for (String role : new TreeSet<>(Roles.ALL)) {
                Response answer = call(op, role);
                int status = answer.statusCode();
                if (allowed.contains(role) && (status == 401 || status == 403)) {
                    wrong.add(op.key() + " as " + role + " (allowed): " + status);
                } else if (!allowed.contains(role)
                        && (status != 403 || !answer.contentType().startsWith("application/problem+json"))) {
                    wrong.add(op.key() + " as " + role + " (not allowed): " + status + " " + answer.contentType());
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void aWrongPasswordIsA401() {
        given().auth().preemptive().basic("admin", "not-the-password").get("/api/firings")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().preemptive().basic("nobody", "whatever-password").get("/api/firings")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void adminsManageUsers() {
        Api.admin().contentType("application/json")
                .body("{\"username\":\"alice\",\"password\":\"correct horse\",\"roles\":[\"viewer\",\"editor\"]}")
                .post("/api/users").then().statusCode(201).body("roles", hasItem("editor"));
        given().auth().preemptive().basic("alice", "correct horse").get("/api/agents").then().statusCode(200);
        Api.admin().contentType("application/json")
                .body("{\"username\":\"bob\",\"password\":\"short\",\"roles\":[\"viewer\"]}")
                .post("/api/users").then().statusCode(400).body("where", equalTo("/password"));
        Api.admin().contentType("application/json")
                .body("{\"username\":\"carol\",\"password\":\"long enough\",\"roles\":[\"superuser\"]}")
                .post("/api/users").then().statusCode(400).body("where", equalTo("/roles"));
    }

    @Test
    void healthMetricsAndOpenApiStayOpen() {
        Api.editor().contentType("application/json").body(run(ec2Cpu("i-open-metrics", 95))).post("/api/agents/aws-usage/runs")
                .then().statusCode(200);
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/openapi").then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String name : List.of("log2_firings_total{", "log2_run_duration_seconds_count{", "log2_ruleset_active_version{",
                "log2_password_checks_total{")) {
            assertTrue(metrics.contains(name), name + " in /q/metrics");
        }
        assertFalse(metrics.contains("admin-test-password"), "no credential in the metrics");
    }
}
