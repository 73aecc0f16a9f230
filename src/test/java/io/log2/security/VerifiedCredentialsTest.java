package io.log2.security;

import static io.log2.support.Facts.ec2Cpu;
import static io.log2.support.Facts.run;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A credential is checked with BCrypt once and then trusted for log2.login.verified-for, so that a client sending
 * the same Basic header on every call does not pay the slow check every time; any change of the user ends that.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class VerifiedCredentialsTest {

    @Inject
    DataSource dataSource;
    @Inject
    UserChangeFollower follower;

    @Test
    void aCredentialIsCheckedOnceForManyRequests() {
        String user = Users.fresh("busy-client", "viewer");
        double before = PasswordChecks.total();
        for (int i = 0; i < 20; i++) {
            given().auth().preemptive().basic(user, Users.PASSWORD).get("/api/firings?limit=1").then().statusCode(200);
        }
        assertEquals(before + 1, PasswordChecks.total(), "twenty requests, one BCrypt check");
        // A wrong password is never taken from the cache: each one is checked and refused.
        for (int i = 0; i < 2; i++) {
            given().auth().preemptive().basic(user, Users.PASSWORD + "!").get("/api/firings?limit=1").then().statusCode(401);
        }
        assertEquals(before + 3, PasswordChecks.total());
    }

    @Test
    void aChangedPasswordEndsTheOldOneAtOnce() {
        String user = Users.fresh("rotating", "viewer");
        given().auth().preemptive().basic(user, Users.PASSWORD).get("/api/agents").then().statusCode(200);
        Api.admin().contentType("application/json").body("{\"password\":\"the new password\"}")
                .put("/api/users/" + user).then().statusCode(200);
        given().auth().preemptive().basic(user, Users.PASSWORD).get("/api/agents").then().statusCode(401);
        given().auth().preemptive().basic(user, "the new password").get("/api/agents").then().statusCode(200);
    }

    @Test
    void changedRolesApplyAtOnce() {
        String user = Users.fresh("demoted", "editor");
        String body = run(ec2Cpu("i-demoted", 10));
        given().auth().preemptive().basic(user, Users.PASSWORD).contentType("application/json").body(body)
                .post("/api/agents/aws-usage/runs").then().statusCode(200);
        Api.admin().contentType("application/json").body("{\"roles\":[\"viewer\"]}")
                .put("/api/users/" + user).then().statusCode(200);
        given().auth().preemptive().basic(user, Users.PASSWORD).contentType("application/json").body(body)
                .post("/api/agents/aws-usage/runs").then().statusCode(403);
        given().auth().preemptive().basic(user, Users.PASSWORD).get("/api/agents").then().statusCode(200);
    }

    @Test
    void changesAreCheckedLikeNewUsers() {
        String user = Users.fresh("unchanged", "viewer");
        Api.admin().contentType("application/json").body("{\"password\":\"short\"}").put("/api/users/" + user)
                .then().statusCode(400).contentType("application/problem+json");
        Api.admin().contentType("application/json").body("{\"roles\":[\"root\"]}").put("/api/users/" + user)
                .then().statusCode(400).contentType("application/problem+json");
        Api.admin().contentType("application/json").body("{}").put("/api/users/" + user)
                .then().statusCode(400).contentType("application/problem+json");
        Api.admin().contentType("application/json").body("{\"roles\":[\"viewer\"]}").put("/api/users/nobody-at-all")
                .then().statusCode(404).contentType("application/problem+json");
        Api.viewer().contentType("application/json").body("{\"roles\":[\"admin\"]}").put("/api/users/" + user)
                .then().statusCode(403);
        given().auth().preemptive().basic(user, Users.PASSWORD).get("/api/agents").then().statusCode(200);
    }

    @Test
    void aRoleTakenAwayOnAnotherInstanceEndsHereAtTheNextPoll() throws SQLException {
        String user = Users.fresh("remote-demoted", "editor");
        String body = run(ec2Cpu("i-remote-demoted", 10));
        given().auth().preemptive().basic(user, Users.PASSWORD).contentType("application/json").body(body)
                .post("/api/agents/aws-usage/runs").then().statusCode(200);

        changeElsewhere("UPDATE app_user SET roles = 'viewer' WHERE username = ?", user);
        follower.follow();

        given().auth().preemptive().basic(user, Users.PASSWORD).contentType("application/json").body(body)
                .post("/api/agents/aws-usage/runs").then().statusCode(403);
    }

    @Test
    void aPasswordChangedOnAnotherInstanceEndsTheOldOneHereAtTheNextPoll() throws SQLException {
        String user = Users.fresh("remote-rotating", "viewer");
        given().auth().preemptive().basic(user, Users.PASSWORD).get("/api/agents").then().statusCode(200);

        changeElsewhere("UPDATE app_user SET password = '" + BcryptUtil.bcryptHash("the new password") + "' WHERE username = ?", user);
        follower.follow();

        given().auth().preemptive().basic(user, Users.PASSWORD).get("/api/agents").then().statusCode(401);
        given().auth().preemptive().basic(user, "the new password").get("/api/agents").then().statusCode(200);
    }

    /**
     * A change of a user as another instance sharing the database makes it, through the database alone: no event
     * reaches this instance, only the user's row and the count of changes, in one transaction.
     */
    private void changeElsewhere(String update, String user) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement change = c.prepareStatement(update);
                 PreparedStatement count = c.prepareStatement("UPDATE user_change SET seq = seq + 1 WHERE id = 1")) {
                change.setString(1, user);
                if (change.executeUpdate() != 1 || count.executeUpdate() != 1) {
                    throw new IllegalStateException("no such user or no count of changes");
                }
            }
            c.commit();
        }
    }
}
