package io.log2.actions;

import io.log2.logs.LogUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The action policy in force and its versions ({@code action_policy_version}). A table is checked before it counts:
 * an upload that does not parse is refused whole, and an edit of the file that does not parse is logged and ignored,
 * so the running policy stays in force either way. An accepted table becomes the next version and counts from the
 * next action. The highest stored version is in force on every instance sharing the database.
 */
@ApplicationScoped
public class PolicyStore {

    private static final Logger LOG = Logger.getLogger(PolicyStore.class);
    static final int MAX_CHARS = 200_000;

    @Inject
    DataSource dataSource;
    @Inject
    ActionsConfig config;

    private record Running(PolicyVersion version, Policy policy) {
    }

    private Running running;
    /** The file's content as this instance last looked at it: only a change of it is an edit. */
    private String lastSeenFileHash;
    private Policy.PolicyException refusedFile;

    /** The policy the next action is decided by, after taking up an edit of the file or another instance's upload. */
    public synchronized Policy current() {
        takeUpFileEdit();
        Optional<PolicyVersion> latest = latest();
        if (latest.isPresent() && (running == null || running.version().version() != latest.get().version())) {
            running = new Running(latest.get(), Policy.parse(latest.get().content()));
        }
        return running == null ? Policy.empty() : running.policy();
    }

    /** The version in force, if any was stored. */
    public synchronized Optional<PolicyVersion> inForce() {
        current();
        return running == null ? Optional.empty() : Optional.of(running.version());
    }

    /** Why the file as it is now on disk was not taken up, if it was refused. */
    public synchronized Optional<Policy.PolicyException> fileRefusal() {
        return Optional.ofNullable(refusedFile);
    }

    /**
     * Checks an uploaded table (CSV, or an XLSX workbook whose first sheet is the table), stores it as the next
     * version and writes it to the policy file; a table that does not parse is refused with its line and column
     * and nothing changes.
     */
    public synchronized PolicyVersion upload(byte[] body, String user, String reason) {
        String csv = io.log2.logic.Workbooks.isWorkbook(body) ? Policy.workbookAsCsv(body) : new String(body, StandardCharsets.UTF_8);
        if (csv.startsWith("\uFEFF")) {
            csv = csv.substring(1);
        }
        if (csv.length() > MAX_CHARS) {
            throw new Policy.PolicyException("the action policy is longer than " + MAX_CHARS + " characters", null, null, null);
        }
        Policy policy = Policy.parse(csv);
        current();
        Path file = Path.of(config.policy());
        Path written = writeBeside(file, csv);
        PolicyVersion version;
        try {
            version = insert(csv, PolicyVersion.UPLOAD, user, reason);
        } catch (RuntimeException e) {
            try {
                Files.deleteIfExists(written);
            } catch (IOException left) {
                LOG.warnf("the unused policy file %s is left: %s", written, left.getMessage());
            }
            throw e;
        }
        try {
            Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.errorf("action policy version %d is in force but %s could not be written: %s", version.version(), file, e);
        }
        running = new Running(version, policy);
        refusedFile = null;
        lastSeenFileHash = version.contentHash();
        return version;
    }

    public List<PolicyVersion> versions() {
        List<PolicyVersion> all = new ArrayList<>();
        query("SELECT * FROM action_policy_version ORDER BY version DESC", null, all);
        return all;
    }

    public PolicyVersion version(int version) {
        List<PolicyVersion> one = new ArrayList<>();
        query("SELECT * FROM action_policy_version WHERE version = ?", version, one);
        return one.stream().findFirst().orElseThrow(() -> new NoSuchElementException("no action policy version " + version));
    }

    /** An edit of the file made outside the API becomes a version when it parses; else it is logged once and ignored. */
    private void takeUpFileEdit() {
        Path file = Path.of(config.policy());
        String csv;
        try {
            csv = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            LOG.warnf("the action policy %s cannot be read (%s); the running policy stays in force", file, e.getMessage());
            return;
        }
        if (csv.startsWith("\uFEFF")) {
            csv = csv.substring(1);
        }
        String hash = hash(csv);
        if (hash.equals(lastSeenFileHash)) {
            return;
        }
        lastSeenFileHash = hash;
        refusedFile = null;
        Optional<PolicyVersion> latest = latest();
        if (latest.isPresent() && latest.get().contentHash().equals(hash)) {
            return;
        }
        try {
            Policy policy = Policy.parse(csv);
            PolicyVersion version;
            try {
                version = insert(csv, PolicyVersion.FILE, "file", "edited in " + file.getFileName());
            } catch (RuntimeException e) {
                lastSeenFileHash = null; // not taken up: the next look tries again
                throw e;
            }
            running = new Running(version, policy);
        } catch (Policy.PolicyException e) {
            refusedFile = e;
            LOG.errorf("the action policy %s is refused at %s: %s; the running policy stays in force", file,
                    e.where() == null ? "its start" : e.where(), e.getMessage());
        }
    }

    private Optional<PolicyVersion> latest() {
        List<PolicyVersion> one = new ArrayList<>();
        query("SELECT * FROM action_policy_version WHERE version = (SELECT MAX(version) FROM action_policy_version)", null, one);
        return one.stream().findFirst();
    }

    private PolicyVersion insert(String csv, String source, String user, String reason) {
        Instant now = Instant.now();
        try (Connection c = dataSource.getConnection()) {
            int next;
            try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(MAX(version), 0) + 1 FROM action_policy_version");
                 ResultSet r = s.executeQuery()) {
                r.next();
                next = r.getInt(1);
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO action_policy_version"
                    + " (version, content_hash, content, source, created_by, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                s.setInt(1, next);
                s.setString(2, hash(csv));
                s.setString(3, csv);
                s.setString(4, source);
                s.setString(5, user);
                s.setString(6, reason);
                s.setTimestamp(7, Timestamp.from(now));
                s.executeUpdate();
            }
            return new PolicyVersion(next, hash(csv), source, user, reason, now, csv);
        } catch (SQLException e) {
            // two instances taking the same number: the primary key refuses the second, which may try again
            throw new LogUnavailableException("the action policy version could not be stored: " + e.getMessage(), e);
        }
    }

    private void query(String sql, Integer param, List<PolicyVersion> into) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            if (param != null) {
                s.setInt(1, param);
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    into.add(new PolicyVersion(r.getInt("version"), r.getString("content_hash"), r.getString("source"),
                            r.getString("created_by"), r.getString("reason"),
                            r.getTimestamp("created_at").toInstant(), r.getString("content")));
                }
            }
        } catch (SQLException e) {
            throw new LogUnavailableException("the action policy versions could not be read: " + e.getMessage(), e);
        }
    }

    private static Path writeBeside(Path file, String csv) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, ".policy-", ".csv");
            Files.writeString(temp, csv, StandardCharsets.UTF_8);
            return temp;
        } catch (IOException e) {
            // a problem naming the file (rules-not-written); nothing was stored and the running policy stays
            throw new io.log2.logic.RuleFileNotWrittenException(String.valueOf(file.getFileName()), file.toAbsolutePath().getParent(), e);
        }
    }

    static String hash(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
