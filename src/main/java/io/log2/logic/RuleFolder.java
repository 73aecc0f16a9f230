package io.log2.logic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
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

    /** Replaces one file through a temporary file and a rename, so a reader never sees half of it. */
    public void write(RuleFile file) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".upload-", ".tmp");
            Files.write(tmp, file.content());
            Files.move(tmp, dir.resolve(file.name()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file.name() + " to " + dir, e);
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
