package io.log2.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.jboss.logging.Logger;

/**
 * The first admin's password when none is configured: generated, written to a file that only the service's own
 * user can read, and announced in the log by the file's name. Logs are shipped and kept where passwords must not be.
 */
final class FirstAdminPassword {

    static final String FILE_NAME = "admin-password.txt";
    private static final Logger LOG = Logger.getLogger(FirstAdminPassword.class);

    private FirstAdminPassword() {
    }

    /** A new random password, now in {@code <dataDir>/admin-password.txt}. */
    static String generate(Path dataDir) {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path file = write(dataDir, password);
        LOG.warnf("%n%n    First start: the generated password of user 'admin' is in %s (readable by this user only)."
                + "%n    Log in, add your own users, then delete the file. Set LOG2_ADMIN_PASSWORD to choose the password.%n",
                file.toAbsolutePath().normalize());
        return password;
    }

    /** Writes through a temporary file created owner-only from the start, so the password is never readable by others. */
    static Path write(Path dataDir, String password) {
        try {
            Files.createDirectories(dataDir);
            Path tmp;
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                tmp = Files.createTempFile(dataDir, ".admin-password-", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                tmp = Files.createTempFile(dataDir, ".admin-password-", ".tmp");
                tmp.toFile().setReadable(false, false);
                tmp.toFile().setReadable(true, true);
                tmp.toFile().setWritable(false, false);
                tmp.toFile().setWritable(true, true);
            }
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                out.write(password);
                out.write(System.lineSeparator());
            }
            return Files.move(tmp, dataDir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the first admin's password to " + dataDir.resolve(FILE_NAME)
                    + "; make the folder writable or set LOG2_ADMIN_PASSWORD", e);
        }
    }
}
