package io.log2.security;

import io.log2.support.Api;

/** Users made for one test, so that no other test's cached credential or failure count is in the way. */
final class Users {

    static final String PASSWORD = "a password of its own";

    private Users() {
    }

    static String fresh(String prefix, String role) {
        String name = prefix + "-" + System.nanoTime();
        Api.admin().contentType("application/json")
                .body("{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"" + role + "\"]}")
                .post("/api/users").then().statusCode(201);
        return name;
    }
}
