package io.log2.security;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** A user of the API: name, BCrypt hash of the password, comma-separated roles. */
@Entity
@Table(name = "app_user")
public class User extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String username;
    public String password;
    public String roles;

    public static User create(String username, String password, String roles) {
        User user = new User();
        user.username = username;
        user.setPassword(password);
        user.roles = roles;
        user.persist();
        return user;
    }

    public static Optional<User> byName(String username) {
        return find("username", username).firstResultOptional();
    }

    /** Keeps only the BCrypt hash of a new password. */
    public void setPassword(String clear) {
        password = BcryptUtil.bcryptHash(clear);
    }

    public Set<String> roleSet() {
        return Arrays.stream(roles.split(",")).map(String::trim).filter(r -> !r.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }
}
