package io.log2.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * When no database connection can be had, a login that needs the users table is answered 503 problem JSON (never a
 * 401 that would call the password wrong, nor a 500), and logins work again as soon as the database does.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class UserStoreOutageTest {

    @Inject
    DataSource dataSource;

    @Test
    void loginsAreA503WhileTheUsersCannotBeRead() throws SQLException {
        String user = Users.fresh("during-outage", "viewer");
        List<Connection> held = new ArrayList<>();
        try {
            // Take every connection of the pool, as an outage does: the next one cannot be acquired.
            while (true) {
                try {
                    held.add(dataSource.getConnection());
                } catch (SQLException poolExhausted) {
                    break;
                }
            }
            given().auth().preemptive().basic(user, Users.PASSWORD).get("/api/agents")
                    .then().statusCode(503).contentType("application/problem+json")
                    .body("title", equalTo("Users unavailable")).header("Retry-After", "5");
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
        given().auth().preemptive().basic(user, Users.PASSWORD).get("/api/agents").then().statusCode(200);
    }
}
