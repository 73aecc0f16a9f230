package io.log2.logic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file the service writes into a rules folder (an upload, a proposal deployed, rule ids filled in) is written under a
 * temporary name first; the file it replaces keeps its permissions and a new file gets its folder's, so a folder
 * shared through its group stays writable by the group.
 */
class RuleFolderPermissionsTest {

    @TempDir
    Path root;
    private Path dir;

    @BeforeEach
    void folderSharedThroughItsGroup() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        dir = Files.createDirectory(root.resolve("agent"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxr-x"));
    }

    @Test
    void aReplacedFileKeepsItsPermissions() throws IOException {
        Path existing = Files.writeString(dir.resolve("a.drl"), "old");
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rw-rw----"));

        commit(new RuleFile("a.drl", "new".getBytes(StandardCharsets.UTF_8)));

        assertEquals("new", Files.readString(existing));
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(existing)));
    }

    @Test
    void aNewFileGetsTheFoldersPermissionsWithoutExecute() throws IOException {
        commit(new RuleFile("b.drl", "rule".getBytes(StandardCharsets.UTF_8)));

        assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("b.drl"))));
    }

    @Test
    void anUndoneWritePutsBackTheFileWithItsPermissions() throws IOException {
        Path existing = Files.writeString(dir.resolve("c.drl"), "before");
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rw-r-----"));

        try (RuleFolder.Staged staged = new RuleFolder(dir).stage(new RuleFile("c.drl", "after".getBytes(StandardCharsets.UTF_8)))) {
            staged.commit();
            staged.undo();
        }

        assertArrayEquals("before".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(existing));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(existing)));
    }

    private void commit(RuleFile file) {
        try (RuleFolder.Staged staged = new RuleFolder(dir).stage(file)) {
            staged.commit();
        }
    }
}
