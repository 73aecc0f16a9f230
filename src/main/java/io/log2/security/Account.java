package io.log2.security;

import java.util.Set;

/** What authentication needs of a user: the name, the BCrypt hash of the password and the roles. */
record Account(String username, String passwordHash, Set<String> roles) {

    static Account of(User user) {
        return new Account(user.username, user.password, user.roleSet());
    }
}
