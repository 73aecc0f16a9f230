package io.log2.security;

import io.log2.config.Log2Config;
import io.log2.logic.InvalidRequestException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/** Keeps the users: creates the first admin at start and adds users on an admin's request. */
@ApplicationScoped
public class UserService {

    private static final Logger LOG = Logger.getLogger(UserService.class);

    @Inject
    Log2Config config;

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
        if (password == null || password.length() < 8) {
            throw new InvalidRequestException("password must have at least 8 characters", "/password");
        }
        if (roles == null || roles.isEmpty() || !Roles.ALL.containsAll(roles)) {
            throw new InvalidRequestException("roles must be a non-empty list of " + Arrays.toString(Roles.ALL.stream().sorted().toArray()), "/roles");
        }
        if (User.byName(username).isPresent()) {
            throw new InvalidRequestException("user '" + username + "' exists already", "/username");
        }
        Set<String> unique = new LinkedHashSet<>(roles);
        return User.create(username, password, String.join(",", unique));
    }

    @Transactional
    public List<User> all() {
        return User.listAll();
    }
}
