package io.log2.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.log2.config.Log2Config;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Credentials that passed a BCrypt check recently, so that a client sending the same HTTP Basic header on every
 * request pays the deliberately slow check once per {@code log2.login.verified-for}, not on every call. Entries are
 * keyed by HMAC-SHA-256 of user name and password under a key drawn at random when the process starts: neither
 * the password nor anything that can be tested against it offline is kept. Any change of a user drops the cache:
 * its entries for that user when the change is made here, all of them when another instance made it ({@link UserChangeFollower}).
 */
@ApplicationScoped
public class VerifiedCredentials {

    private final byte[] key = new byte[32];
    private final Cache<Key, Account> verified;
    /** Bumped when users change: a check that started before a change does not put its result in the cache. */
    private final AtomicLong generation = new AtomicLong();

    /** The HMAC of a credential; a record so that equal bytes are equal keys. */
    private record Key(byte[] mac) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(k.mac, mac);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(mac);
        }
    }

    @Inject
    public VerifiedCredentials(Log2Config config) {
        new SecureRandom().nextBytes(key);
        verified = Caffeine.newBuilder().expireAfterWrite(config.login().verifiedFor()).maximumSize(10_000).build();
    }

    /** The account a credential was verified for, if it was within the last {@code verified-for}. */
    Optional<Account> get(String username, char[] password) {
        Account account = verified.getIfPresent(key(username, password));
        return account != null && account.username().equals(username) ? Optional.of(account) : Optional.empty();
    }

    /** The generation to hand back to {@link #put} once the check is done. */
    long generation() {
        return generation.get();
    }

    void put(String username, char[] password, Account account, long checkedAt) {
        if (checkedAt == generation.get()) {
            verified.put(key(username, password), account);
        }
    }

    /** Once a change of a user is committed (or rolled back), no credential verified before it is trusted again. */
    void onUserChanged(@Observes(during = TransactionPhase.AFTER_COMPLETION) UserChanged change) {
        generation.incrementAndGet();
        verified.asMap().values().removeIf(a -> a.username().equals(change.username()));
    }

    /** After a change of users made elsewhere (another instance): no credential verified before it is trusted again. */
    void forgetAll() {
        generation.incrementAndGet();
        verified.invalidateAll();
    }

    private Key key(String username, char[] password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] name = username.getBytes(StandardCharsets.UTF_8);
            mac.update(ByteBuffer.allocate(4).putInt(name.length).array());
            mac.update(name);
            ByteBuffer secret = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
            mac.update(secret);
            if (secret.hasArray()) {
                Arrays.fill(secret.array(), (byte) 0);
            }
            return new Key(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
