package io.log2.security;

import io.quarkus.elytron.security.common.BcryptUtil;
import java.security.spec.InvalidKeySpecException;
import java.util.UUID;
import org.wildfly.security.credential.PasswordCredential;
import org.wildfly.security.evidence.PasswordGuessEvidence;
import org.wildfly.security.password.util.ModularCrypt;
import org.wildfly.security.provider.util.ProviderUtil;

/** BCrypt checks of a password against its stored hash (modular crypt format, as {@code BcryptUtil} writes it). */
final class Passwords {

    /** A hash no password matches in practice; checked for unknown users so they cost as much time as known ones. */
    private static final String DECOY = BcryptUtil.bcryptHash(UUID.randomUUID().toString());

    private Passwords() {
    }

    static boolean matches(String storedHash, char[] guess) {
        try {
            PasswordCredential stored = new PasswordCredential(ModularCrypt.decode(storedHash));
            return stored.verify(ProviderUtil.INSTALLED_PROVIDERS, new PasswordGuessEvidence(guess));
        } catch (InvalidKeySpecException e) {
            return false;
        }
    }

    /** The same work as a real check, for a user that does not exist; always false. */
    static boolean decoy(char[] guess) {
        matches(DECOY, guess);
        return false;
    }
}
