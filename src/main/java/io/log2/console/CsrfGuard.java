package io.log2.console;

import io.log2.api.Problem;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Principal;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Cross-site request forgery protection for the console's session: a request that changes something and is
 * authenticated by the session cookie must repeat the {@code log2-csrf} cookie in the {@code X-CSRF-Token} header
 * (a signed double-submit token: another site can make the browser send the cookie, never read it to set the header).
 * The token is a random value signed with HMAC-SHA-256 for the signed-in user, so a token planted for another user,
 * or one made up, is refused too. Requests with an {@code Authorization} header (HTTP Basic: curl, scripts) carry no
 * ambient credential and are unchanged. Quarkus' own quarkus-rest-csrf would demand its token from Basic callers too.
 */
@ApplicationScoped
public class CsrfGuard {

    public static final String COOKIE = "log2-csrf";
    public static final String HEADER = "X-CSRF-Token";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @ConfigProperty(name = "quarkus.http.auth.form.cookie-name")
    String sessionCookie;
    @ConfigProperty(name = "quarkus.http.auth.session.encryption-key")
    Optional<String> sessionKey;
    @Inject
    CurrentIdentityAssociation identities;

    private SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    @PostConstruct
    void init() {
        // with the sessions' key, tokens outlive a restart and hold on every instance, as the sessions do
        byte[] secret = sessionKey.filter(k -> !k.isBlank()).map(k -> ("log2-csrf:" + k).getBytes(StandardCharsets.UTF_8))
                .orElseGet(() -> {
                    byte[] b = new byte[32];
                    random.nextBytes(b);
                    return b;
                });
        key = new SecretKeySpec(secret, "HmacSHA256");
    }

    @ServerRequestFilter
    public Uni<Response> check(ContainerRequestContext request) {
        if (SAFE.contains(request.getMethod()) || request.getHeaderString(HttpHeaders.AUTHORIZATION) != null
                || !request.getCookies().containsKey(sessionCookie)) {
            return Uni.createFrom().nullItem();
        }
        String header = request.getHeaderString(HEADER);
        Cookie cookie = request.getCookies().get(COOKIE);
        return identities.getDeferredIdentity().map(identity -> {
            if (identity.isAnonymous()) {
                return null; // no session after all: the endpoint's own check answers 401
            }
            String user = identity.getPrincipal().getName();
            if (header != null && cookie != null && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8),
                    cookie.getValue().getBytes(StandardCharsets.UTF_8)) && signedFor(header, user)) {
                return null;
            }
            return new Problem("about:blank", "Forbidden", 403, "a change made with the console's session needs the "
                    + COOKIE + " cookie's value in the " + HEADER + " header (reload the console to get one)",
                    request.getUriInfo().getPath()).with("where", HEADER).toResponse();
        });
    }

    /** Hands a signed-in console a token (again) when it has none for its user, on any read. */
    @ServerResponseFilter
    public void issue(ContainerRequestContext request, ContainerResponseContext response) {
        if (!"GET".equals(request.getMethod()) || request.getHeaderString(HttpHeaders.AUTHORIZATION) != null
                || !request.getCookies().containsKey(sessionCookie) || response.getStatus() >= 400) {
            return;
        }
        Principal user = request.getSecurityContext().getUserPrincipal();
        if (user == null) {
            return;
        }
        Cookie cookie = request.getCookies().get(COOKIE);
        if (cookie != null && signedFor(cookie.getValue(), user.getName())) {
            return;
        }
        NewCookie token = new NewCookie.Builder(COOKIE).value(token(user.getName())).path("/")
                .sameSite(NewCookie.SameSite.STRICT).secure("https".equals(request.getUriInfo().getRequestUri().getScheme()))
                .build();
        response.getHeaders().add(HttpHeaders.SET_COOKIE, token);
    }

    String token(String user) {
        byte[] nonce = new byte[18];
        random.nextBytes(nonce);
        String n = Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
        return n + "." + sign(n, user);
    }

    boolean signedFor(String token, String user) {
        int dot = token.indexOf('.');
        return dot > 0 && MessageDigest.isEqual(sign(token.substring(0, dot), user).getBytes(StandardCharsets.UTF_8),
                token.substring(dot + 1).getBytes(StandardCharsets.UTF_8));
    }

    private String sign(String nonce, String user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    mac.doFinal((nonce + "|" + user).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
