package io.log2.security;

import io.log2.config.Log2Config;
import io.log2.logic.InvalidRequestException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Keeps the users: creates the first admin at start and adds users on an admin's request. */
@ApplicationScoped
public class UserService {

    private static final Logger LOG = Logger.getLogger(UserService.class);

    @Inject
    Log2Config config;
    @Inject
    Event<UserChanged> changed;

    @Transactional
    void createFirstAdmin(@Observes StartupEvent event) {
        if (User.count() > 0) {
            return;
        }
        String password = config.adminPassword().filter(p -> !p.isBlank()).orElse(null);
        if (password == null) {
            password = FirstAdminPassword.generate(Path.of(config.dataDir()));
        } else {
            LOG.info("First start: user 'admin' created with the password from LOG2_ADMIN_PASSWORD");
        }
        User.create("admin", password, Roles.ADMIN);
    }

    /** Adds a user; the roles must be known ones, the name unused and the password at least 8 characters. */
    @Transactional
    public User add(String username, String password, List<String> roles) {
        if (username == null || !username.matches("[A-Za-z0-9._@-]{1,128}")) {
            throw new InvalidRequestException("username must be 1 to 128 letters, digits or . _ @ -", "/username");
        }
        checkPassword(password);
        checkRoles(roles);
        if (User.byName(username).isPresent()) {
            throw new InvalidRequestException("user '" + username + "' exists already", "/username");
        }
        User user = User.create(username, password, String.join(",", new LinkedHashSet<>(roles)));
        changed.fire(new UserChanged(username));
        return user;
    }

    /**
     * Changes a user's password, roles or both (a null leaves it as it is). Credentials verified before the change
     * are no longer accepted once it is committed: at once on this instance, within a poll on the others.
     */
    @Transactional
    public User update(String username, String password, List<String> roles) {
        User user = User.byName(username).orElseThrow(() -> new NoSuchElementException("no user '" + username + "'"));
        if (password == null && roles == null) {
            throw new InvalidRequestException("send a new password, new roles or both", "body");
        }
        if (password != null) {
            checkPassword(password);
            user.setPassword(password);
        }
        if (roles != null) {
            checkRoles(roles);
            user.roles = String.join(",", new LinkedHashSet<>(roles));
        }
        // the other instances see the count grow at their next poll (UserChangeFollower); this one hears the event
        User.getEntityManager().createNativeQuery("UPDATE user_change SET seq = seq + 1 WHERE id = 1").executeUpdate();
        changed.fire(new UserChanged(username));
        return user;
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < 8) {
            throw new InvalidRequestException("password must have at least 8 characters", "/password");
        }
    }

    private static void checkRoles(List<String> roles) {
        if (roles == null || roles.isEmpty() || !Roles.ALL.containsAll(roles)) {
            throw new InvalidRequestException("roles must be a non-empty list of " + Arrays.toString(Roles.ALL.stream().sorted().toArray()), "/roles");
        }
    }

    @Transactional
    public List<User> all() {
        return User.listAll();
    }

    /** The account of a user name, for a login check; its own transaction, so a database error surfaces here. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    Optional<Account> account(String username) {
        return User.byName(username).map(Account::of);
    }
}
