package io.log2.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The user of a console session. The login form's password went through {@link PasswordIdentityProvider}; the
 * encrypted session cookie then names only the user, whose roles are read again on every request, so that a change
 * of roles applies to open sessions at once. A user who no longer exists has no session.
 */
@ApplicationScoped
public class SessionIdentityProvider implements IdentityProvider<TrustedAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger(SessionIdentityProvider.class);

    @Inject
    UserService users;

    @Override
    public Class<TrustedAuthenticationRequest> getRequestType() {
        return TrustedAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            Optional<Account> account;
            try {
                account = users.account(request.getPrincipal());
            } catch (RuntimeException e) {
                LOG.errorf("cannot read the users to check a session: %s", e.toString());
                throw new UserStoreUnavailableException(e);
            }
            Account a = account.orElseThrow(AuthenticationFailedException::new);
            return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(a.username())).addRoles(a.roles()).build();
        });
    }
}
