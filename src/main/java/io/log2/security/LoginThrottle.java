package io.log2.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.log2.config.Log2Config;
import io.log2.config.Log2Config.Login;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Counts failed logins per user name and per client address. After {@code max-failures-per-user} failures for one
 * name, or {@code max-failures-per-address} from one address, within {@code failure-window}, further attempts on
 * that name or from that address are refused for {@code lockout} without checking the password: guessing costs
 * the guesser time, not the service BCrypt work. A success clears the name's count, never the address's, so an
 * account of one's own cannot be used to reset the count of an address that guesses.
 */
@ApplicationScoped
public class LoginThrottle {

    /** Failures of one key in the current window, and until when it is locked out. */
    private static final class Failures {
        Instant windowStart;
        int count;
        Instant lockedUntil = Instant.MIN;
    }

    private final Login settings;
    private final Clock clock = Clock.systemUTC();
    private final Cache<String, Failures> byUser;
    private final Cache<String, Failures> byAddress;

    @Inject
    public LoginThrottle(Log2Config config) {
        settings = config.login();
        Duration keep = settings.failureWindow().plus(settings.lockout());
        // Bounded: names that never exist cannot grow the map without limit.
        byUser = Caffeine.newBuilder().expireAfterAccess(keep).maximumSize(100_000).build();
        byAddress = Caffeine.newBuilder().expireAfterAccess(keep).maximumSize(100_000).build();
    }

    /** Refuses an attempt on a locked-out name or from a locked-out address. */
    void check(String username, String address) {
        Instant now = clock.instant();
        refuseIfLocked(byUser.getIfPresent(userKey(username)), now, "user");
        if (address != null) {
            refuseIfLocked(byAddress.getIfPresent(address), now, "address");
        }
    }

    void failed(String username, String address) {
        Instant now = clock.instant();
        count(byUser.get(userKey(username), k -> new Failures()), now, settings.maxFailuresPerUser());
        if (address != null) {
            count(byAddress.get(address, k -> new Failures()), now, settings.maxFailuresPerAddress());
        }
    }

    void succeeded(String username) {
        byUser.invalidate(userKey(username));
    }

    private void count(Failures f, Instant now, int max) {
        synchronized (f) {
            if (f.windowStart == null || now.isAfter(f.windowStart.plus(settings.failureWindow()))) {
                f.windowStart = now;
                f.count = 0;
            }
            f.count++;
            if (f.count >= max) {
                f.lockedUntil = now.plus(settings.lockout());
                f.windowStart = null;
            }
        }
    }

    private static void refuseIfLocked(Failures f, Instant now, String scope) {
        if (f == null) {
            return;
        }
        Instant until;
        synchronized (f) {
            until = f.lockedUntil;
        }
        if (now.isBefore(until)) {
            throw new LoginThrottledException(scope, Duration.between(now, until));
        }
    }

    /** Names are compared as sent; a very long one is cut so that it cannot take much memory. */
    private static String userKey(String username) {
        return username.length() > 256 ? username.substring(0, 256) : username;
    }
}
