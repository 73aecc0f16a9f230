package io.log2.support;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** Requests as the test users: the first admin and one user per role, created once per test instance. */
public final class Api {

    public static final String ADMIN_PASSWORD = "admin-test-password";
    public static final String PASSWORD = "password-for-tests";
    private static volatile boolean usersCreated;

    private Api() {
    }

    public static RequestSpecification admin() {
        return given().auth().preemptive().basic("admin", ADMIN_PASSWORD);
    }

    public static RequestSpecification as(String role) {
        ensureUsers();
        return given().auth().preemptive().basic(role + "-user", PASSWORD);
    }

    public static RequestSpecification editor() {
        return as("editor");
    }

    public static RequestSpecification viewer() {
        return as("viewer");
    }

    private static synchronized void ensureUsers() {
        if (usersCreated) {
            return;
        }
        for (String role : new String[] {"viewer", "editor", "approver"}) {
            int status = admin().contentType("application/json")
                    .body("{\"username\":\"" + role + "-user\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"" + role + "\"]}")
                    .post("/api/users").statusCode();
            if (status != 201 && status != 400) {
                throw new IllegalStateException("cannot create test user for role " + role + ": HTTP " + status);
            }
        }
        usersCreated = true;
    }
}
