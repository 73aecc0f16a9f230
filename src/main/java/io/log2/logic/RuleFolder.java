package io.log2.logic;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The folder {@code <rules-dir>/<agent>/} on disk: reads its rule files and writes uploads atomically. */
public final class RuleFolder {

    private final Path dir;

    public RuleFolder(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** The rule files of the folder, sorted by name; an absent folder has none. */
    public List<RuleFile> read() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            List<RuleFile> files = new ArrayList<>();
            for (Path p : entries.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList()) {
                String name = p.getFileName().toString();
                if (RuleFile.isRuleFileName(name)) {
                    files.add(new RuleFile(name, Files.readAllBytes(p)));
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rules folder " + dir, e);
        }
    }

    /**
     * Writes a file beside its final name, under a temporary name in the same folder, and forces it to disk;
     * {@link Staged#commit} then renames it into place atomically. Nothing in the folder changes until then,
     * and a staged file that is never committed is removed when it is closed.
     */
    public Staged stage(RuleFile file) {
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, ".upload-", ".tmp");
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer content = ByteBuffer.wrap(file.content());
                while (content.hasRemaining()) {
                    out.write(content);
                }
                out.force(true);
            }
            Path target = dir.resolve(file.name());
            byte[] previous = Files.isRegularFile(target) ? Files.readAllBytes(target) : null;
            givePermissions(tmp, previous != null ? target : null);
            return new Staged(tmp, target, previous);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            throw new RuleFileNotWrittenException(file.name(), dir, e);
        }
    }

    /**
     * A temporary file is made readable by its owner only; the file it replaces keeps its permissions, and a new file
     * gets the folder's, less the right to execute (a folder shared through its group, as the container image makes
     * it, gets files its group can write). Where the file system has no POSIX permissions nothing is changed.
     */
    private void givePermissions(Path tmp, Path replaced) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        Set<PosixFilePermission> permissions;
        if (replaced != null) {
            permissions = Files.getPosixFilePermissions(replaced);
        } else {
            permissions = Files.getPosixFilePermissions(dir);
            permissions.removeAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        }
        view.setPermissions(permissions);
    }

    /** Removes a rule file from the folder; a file that is not there is no error. */
    public void remove(String name) {
        try {
            Files.deleteIfExists(dir.resolve(name));
        } catch (IOException e) {
            throw new RuleFileNotWrittenException(name, dir, e);
        }
    }

    /** A rule file written under a temporary name, waiting to be renamed into place. */
    public final class Staged implements AutoCloseable {
        private final Path tmp;
        private final Path target;
        private final byte[] previous;
        private boolean committed;

        private Staged(Path tmp, Path target, byte[] previous) {
            this.tmp = tmp;
            this.target = target;
            this.previous = previous;
        }

        /** Renames the file into place in one step: a reader sees the old file or the new one, never half of one. */
        public void commit() {
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                committed = true;
            } catch (IOException | RuntimeException e) {
                throw new RuleFileNotWrittenException(target.getFileName().toString(), dir, e);
            }
        }

        /** After {@link #commit}: puts back the file as it was before (or removes it, if there was none). */
        public void undo() {
            if (!committed) {
                return;
            }
            String name = target.getFileName().toString();
            if (previous == null) {
                try {
                    Files.deleteIfExists(target);
                } catch (IOException e) {
                    throw new RuleFileNotWrittenException(name, dir, e);
                }
            } else {
                try (Staged back = stage(new RuleFile(name, previous))) {
                    back.commit();
                }
            }
            committed = false;
        }

        /** Removes the temporary file unless it was committed. */
        @Override
        public void close() {
            if (!committed) {
                deleteQuietly(tmp);
            }
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // nothing more to do: the name starts with a dot and is no rule file, so it is never read
            }
        }
    }

    /** SHA-256 over names and contents: two folders with the same files have the same hash. */
    public static String contentHash(List<RuleFile> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            files.stream().sorted(Comparator.comparing(RuleFile::name)).forEach(f -> {
                digest.update(f.name().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(Integer.toString(f.content().length).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(f.content());
            });
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
