package io.log2.security;

import static io.log2.security.FromAddress.from;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Repeated failed logins lock out the user name and the client address for a while (log2.login.*: 5 per name,
 * 20 per address; the test profile shortens the lock-out to a few seconds). Each test guesses from loopback
 * addresses of its own.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class LoginThrottleTest {

    private static void locked(Response answer, String scope) {
        answer.then().statusCode(429).contentType("application/problem+json")
                .body("title", equalTo("Too many failed logins"))
                .body("detail", org.hamcrest.Matchers.containsString(scope))
                .body("retryAfter", greaterThan(0));
        assertTrue(Integer.parseInt(answer.header("Retry-After")) > 0, "Retry-After in seconds");
    }

    @Test
    void aUserNameIsLockedOutAfterFiveFailuresFromAnywhere() {
        String user = Users.fresh("guessed", "viewer");
        for (int i = 0; i < 5; i++) {
            from("127.0.0." + (11 + i), user, "guess-" + i).get("/api/agents").then().statusCode(401);
        }
        // The right password is refused too while the name is locked out, from any address, without a check.
        double checks = PasswordChecks.total();
        locked(from("127.0.0.16", user, Users.PASSWORD).get("/api/agents"), "user name");
        locked(from("127.0.0.17", user, "guess-5").get("/api/agents"), "user name");
        assertEquals(checks, PasswordChecks.total(), "no password is checked during a lock-out");
        // Other users are not affected, even from the same addresses.
        String other = Users.fresh("bystander", "viewer");
        from("127.0.0.16", other, Users.PASSWORD).get("/api/agents").then().statusCode(200);
        // The lock-out is short: afterwards the right password works and clears the count.
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> from("127.0.0.18", user, Users.PASSWORD).get("/api/agents").statusCode() == 200);
        from("127.0.0.18", user, "one more guess").get("/api/agents").then().statusCode(401);
        from("127.0.0.18", user, Users.PASSWORD).get("/api/agents").then().statusCode(200);
    }

    @Test
    void anAddressIsLockedOutAfterTwentyFailuresAcrossNames() {
        String address = "127.0.0.41";
        String user = Users.fresh("behind-nat", "viewer");
        for (int i = 0; i < 20; i++) {
            from(address, "nobody-" + i + "-" + System.nanoTime(), "guess").get("/api/agents").then().statusCode(401);
        }
        locked(from(address, user, Users.PASSWORD).get("/api/agents"), "address");
        // The same credential from another address is fine: the name itself was never guessed.
        from("127.0.0.42", user, Users.PASSWORD).get("/api/agents").then().statusCode(200);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> from(address, user, Users.PASSWORD).get("/api/agents").statusCode() == 200);
    }
}
