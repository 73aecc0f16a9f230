package io.log2.console;

import io.vertx.core.http.Cookie;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code POST /logout} ends the console's session: the session cookie is removed and the browser is sent to the login
 * page. The session lives in the cookie only (encrypted, nothing kept on the server), so removing it is the logout.
 */
@ApplicationScoped
public class Logout {

    @ConfigProperty(name = "quarkus.http.auth.form.cookie-name")
    String cookieName;

    void routes(@Observes Router router) {
        router.post("/logout").handler(ctx -> {
            ctx.response().addCookie(Cookie.cookie(cookieName, "").setPath("/").setMaxAge(0).setHttpOnly(true));
            ctx.response().setStatusCode(303).putHeader("Location", "/login.html").end();
        });
    }
}
