package io.log2.security;

import static io.restassured.RestAssured.given;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The number of BCrypt checks done so far, from the service's own metric at /q/metrics. */
final class PasswordChecks {

    private static final Pattern CHECKS = Pattern.compile("(?m)^log2_password_checks_total\\{[^}]*} ([0-9.E+]+)$");

    private PasswordChecks() {
    }

    static double total() {
        Matcher m = CHECKS.matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }
}
