package io.log2.security;

import static io.restassured.RestAssured.given;

import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.specification.RequestSpecification;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Requests sent from a loopback address of their own (127.0.0.x): a test that locks out an address this way leaves
 * 127.0.0.1, which every other test uses, alone.
 */
final class FromAddress {

    private FromAddress() {
    }

    static RequestSpecification from(String address) {
        try {
            return given().baseUri("http://127.0.0.1").port(RestAssured.port)
                    .config(RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                            .setParam("http.route.local-address", InetAddress.getByName(address))));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    static RequestSpecification from(String address, String user, String password) {
        return from(address).auth().preemptive().basic(user, password);
    }
}
