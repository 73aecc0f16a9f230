package io.log2.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirstAdminPasswordTest {

    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger logger = Logger.getLogger(FirstAdminPassword.class.getName());

    @BeforeEach
    void listen() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(capture);
    }

    @Test
    void theGeneratedPasswordIsInAFileOnlyItsOwnerCanReadAndTheLogNamesTheFileOnly(@TempDir Path tmp) throws Exception {
        Path dataDir = tmp.resolve("data");
        String password = FirstAdminPassword.generate(dataDir);

        Path file = dataDir.resolve("admin-password.txt");
        assertEquals(password, Files.readString(file, StandardCharsets.UTF_8).strip());
        assertTrue(password.length() >= 20, "a long random password: " + password.length());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (Stream<Path> left = Files.list(dataDir)) {
            assertEquals(List.of(file), left.toList(), "no temporary file left beside it");
        }

        assertFalse(logged.isEmpty(), "the first start is announced");
        assertTrue(logged.stream().anyMatch(m -> m.contains(file.toAbsolutePath().toString())), "the log names the file: " + logged);
        assertTrue(logged.stream().noneMatch(m -> m.contains(password)), "the password never appears in the log: " + logged);
    }

    @Test
    void aSecondGenerationReplacesTheFileAndKeepsItPrivate(@TempDir Path dataDir) throws Exception {
        Path file = dataDir.resolve("admin-password.txt");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        String password = FirstAdminPassword.generate(dataDir);
        assertEquals(password, Files.readString(file).strip());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
}
