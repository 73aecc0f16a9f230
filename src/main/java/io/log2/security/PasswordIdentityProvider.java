package io.log2.security;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Checks HTTP Basic credentials against the users table. A credential verified within {@code log2.login.verified-for}
 * is taken from {@link VerifiedCredentials} without another BCrypt check; failed attempts go through
 * {@link LoginThrottle}; when the users cannot be read the request gets a 503 ({@link UserStoreUnavailableException}),
 * never a 401 that would tell a client its password is wrong.
 */
@ApplicationScoped
public class PasswordIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger(PasswordIdentityProvider.class);

    @Inject
    UserService users;
    @Inject
    VerifiedCredentials verified;
    @Inject
    LoginThrottle throttle;
    @Inject
    MeterRegistry metrics;

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
                                              AuthenticationRequestContext context) {
        String username = request.getUsername();
        char[] password = request.getPassword().getPassword();
        Optional<Account> known = verified.get(username, password);
        if (known.isPresent()) {
            return Uni.createFrom().item(identity(known.get()));
        }
        String address = address(request);
        try {
            throttle.check(username, address);
        } catch (LoginThrottledException e) {
            metrics.counter("log2.logins.throttled", "scope", e.scope()).increment();
            return Uni.createFrom().failure(e);
        }
        return context.runBlocking(() -> check(username, password, address));
    }

    private SecurityIdentity check(String username, char[] password, String address) {
        long generation = verified.generation();
        Optional<Account> account;
        try {
            account = users.account(username);
        } catch (RuntimeException e) {
            LOG.errorf("cannot read the users to check a login: %s", e.toString());
            throw new UserStoreUnavailableException(e);
        }
        boolean ok = account.isPresent() ? Passwords.matches(account.get().passwordHash(), password) : Passwords.decoy(password);
        metrics.counter("log2.password.checks", "outcome", ok ? "match" : "no-match").increment();
        if (!ok) {
            throttle.failed(username, address);
            throw new AuthenticationFailedException();
        }
        throttle.succeeded(username);
        verified.put(username, password, account.get(), generation);
        return identity(account.get());
    }

    private static SecurityIdentity identity(Account account) {
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(account.username()))
                .addRoles(account.roles()).build();
    }

    /** The client's address as the HTTP layer sees it (behind a proxy, the forwarded one once Quarkus is told to trust it). */
    private static String address(UsernamePasswordAuthenticationRequest request) {
        RoutingContext http = HttpSecurityUtils.getRoutingContextAttribute(request);
        SocketAddress remote = http == null ? null : http.request().remoteAddress();
        return remote == null ? null : remote.hostAddress();
    }
}
