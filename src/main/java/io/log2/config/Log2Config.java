package io.log2.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The service's own settings, all under {@code log2.} in application.properties or as LOG2_* variables. */
@ConfigMapping(prefix = "log2")
public interface Log2Config {

    /** The folder holding one sub-folder of rule files per agent. */
    @WithDefault("rules")
    String rulesDir();

    /** How often the rules folders are checked for edits. */
    @WithDefault("1s")
    Duration rulesScanInterval();

    /** The first admin's password; when unset on first start, one is generated into a file under {@link #dataDir()}. */
    Optional<String> adminPassword();

    /** The service's own files: the embedded H2 database and the generated first admin password. */
    @WithDefault("./data")
    String dataDir();

    /**
     * The database password (quarkus.datasource.password reads it). Required, so that a service without one stops at
     * start: with the pg profile it is LOG2_DB_PASSWORD, which has no default.
     */
    String dbPassword();

    /** The largest request body accepted, in bytes (a larger one is a 413). */
    @WithDefault("10485760")
    long maxBodyBytes();

    /** Runs waiting for the log writer before a new run waits. */
    @WithDefault("64")
    int writerQueue();

    /** How long a run waits for its firings to be committed. */
    @WithDefault("60s")
    Duration commitTimeout();

    /** How long a run waits for room in a full writer queue before it is refused with 503. */
    @WithDefault("5s")
    Duration writerQueueWait();

    /** How long shutdown waits for queued runs to be written; runs still queued then fail. */
    @WithDefault("20s")
    Duration writerDrainTimeout();

    /** Logins: how failures are throttled and how long a verified credential is trusted without another check. */
    Login login();

    interface Login {
        /** Failed logins for one user name within the window before the name is locked out. */
        @WithDefault("5")
        int maxFailuresPerUser();

        /** Failed logins from one client address within the window before the address is locked out. */
        @WithDefault("20")
        int maxFailuresPerAddress();

        @WithDefault("5m")
        Duration failureWindow();

        /** How long a locked-out name or address is refused (429) without its password being checked. */
        @WithDefault("1m")
        Duration lockout();

        /** How long a credential that passed the BCrypt check is accepted again without one. */
        @WithDefault("60s")
        Duration verifiedFor();
    }

    /** The limits of one run; a run that reaches one is stopped and logged as aborted. */
    Run run();

    interface Run {

        /** Rule firings in one run (and findings); a rule that fires again and again is stopped there. */
        @WithDefault("1000000")
        int maxFirings();

        /** Wall-clock time one run may evaluate for. */
        @WithDefault("30s")
        Duration maxTime();
    }
}
