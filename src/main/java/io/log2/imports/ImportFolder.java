package io.log2.imports;

import io.log2.cluster.Lease;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A folder an agent imports from. A file is taken once its size and time have not changed between two scans (it has
 * been written whole), handed to the agent's import, then moved to {@code done/}, or to {@code failed/} with a
 * {@code .error.txt} beside it saying why. Hidden files and {@code .part}/{@code .tmp} files are left alone: they are
 * still being written. Each agent owns one and calls {@link #scan} on its own schedule. Instances sharing the database
 * and the folder scan it one at a time ({@link Lease}), so a file is imported once.
 */
public final class ImportFolder {

    /** Imports one file; answers a line for the log, or throws to have the file moved to {@code failed/}. */
    @FunctionalInterface
    public interface FileImport {
        String importFile(String name, InputStream in) throws IOException;
    }

    private static final Logger LOG = Logger.getLogger(ImportFolder.class);

    private final String what;
    private final Lease lease;
    private final Map<Path, String> seen = new HashMap<>();

    /** @param what names the folder in the log, e.g. "the plan folder" */
    public ImportFolder(String what, Lease lease) {
        this.what = what;
        this.lease = lease;
    }

    public synchronized void scan(Path dir, FileImport fileImport) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        lease.runIfFree("import: " + what, () -> scanHeld(dir, fileImport));
    }

    private void scanHeld(Path dir, FileImport fileImport) {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path file : entries.filter(Files::isRegularFile).sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") || name.endsWith(".part") || name.endsWith(".tmp")) {
                    continue;
                }
                String stamp = Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis();
                if (stamp.equals(seen.put(file, stamp))) {
                    seen.remove(file);
                    take(dir, file, fileImport);
                }
            }
        } catch (IOException e) {
            LOG.errorf(e, "cannot scan %s %s", what, dir);
        }
    }

    private void take(Path dir, Path file, FileImport fileImport) throws IOException {
        String name = file.getFileName().toString();
        String outcome;
        try (InputStream in = Files.newInputStream(file)) {
            outcome = fileImport.importFile(name, in);
        } catch (IOException | RuntimeException e) {
            Path failed = move(file, dir.resolve("failed"));
            Files.writeString(failed.resolveSibling(name + ".error.txt"), e.getMessage() + System.lineSeparator(),
                    StandardCharsets.UTF_8);
            LOG.warnf("%s from %s refused: %s", name, what, e.getMessage());
            return;
        }
        move(file, dir.resolve("done"));
        LOG.infof("%s from %s: %s", name, what, outcome);
    }

    private static Path move(Path file, Path to) throws IOException {
        Files.createDirectories(to);
        return Files.move(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
}
