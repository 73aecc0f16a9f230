package io.log2.console;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;

/**
 * The console's login form posts to Quarkus' {@code /j_security_check}. A refused login there goes back to the login
 * page with the reason in its address (a person reads it), where the API answers the same refusal with problem JSON.
 */
public final class LoginForm {

    static final String POST_PATH = "/j_security_check";

    private LoginForm() {
    }

    public static boolean isLoginPost(UriInfo uri) {
        return uri != null && POST_PATH.equals(uri.getPath());
    }

    /** 302 to the login page; {@code reason} is {@code wrong} (name or password) or {@code throttled}. */
    public static Response refused(String reason) {
        return Response.status(Response.Status.FOUND).location(URI.create("/login.html?error=" + reason)).build();
    }
}
