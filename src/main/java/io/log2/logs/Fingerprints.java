package io.log2.logs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Fixed-length keys for findings: the SHA-256 of their parts in hex. A finding's fingerprint is its agent, rule,
 * resource and period; a subject key is an agent and a fact subject. Hashing keeps the keys short enough to index
 * whatever the length of a resource name, and the same on every database.
 */
final class Fingerprints {

    private Fingerprints() {
    }

    static String of(String... parts) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        for (String part : parts) {
            // A separator no name contains, and a marker for a missing part, so ("a", null) and ("a", "") differ.
            sha.update(part == null ? new byte[] {1} : part.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
