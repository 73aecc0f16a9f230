package io.log2.agents.ansible.imports;

import io.log2.agents.ansible.AnsibleAgent;
import io.log2.agents.ansible.AnsibleConfig;
import io.log2.agents.ansible.AnsibleRun;
import io.log2.agents.ansible.history.RunHistory;
import io.log2.imports.ImportRejectedException;
import io.log2.imports.UploadContent;
import io.log2.imports.UploadLimits;
import io.log2.logs.RunResult;
import io.log2.logs.RunService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Imports one playbook result: reads it whole (a broken file is refused and nothing is kept), compares its failure
 * rate with the last runs of the same playbook, runs the ansible agent's rules over its facts once, and stores its
 * summary and task results. Imports run one at a time, so that each reads the runs stored before it.
 */
@ApplicationScoped
public class AnsibleImportService {

    private static final Logger LOG = Logger.getLogger(AnsibleImportService.class);
    private static final UploadContent.Expected PLAYBOOK_RESULT =
            new UploadContent.Expected("a playbook result as JSON text", "JSON result");

    /** What an import answers: the run's summary as its rules saw it, and the logged run with its findings. */
    public record ImportAnswer(String file, String format, AnsibleRun summary, int hostRecaps, int taskResults,
                               RunResult run) {
    }

    @Inject
    AnsibleConfig config;
    @Inject
    UploadLimits limits;
    @Inject
    RunHistory history;
    @Inject
    RunService runs;

    /** What a file name says when the request does not: the playbook, and {@code --check} for a check run. */
    public record Named(String playbook, String mode) {
    }

    /**
     * {@code site--check.json.gz} is a check run of playbook {@code site}; {@code site.json} a run of it. Any of
     * {@code .json}, {@code .jsonl}, {@code .log}, {@code .txt} and {@code .gz} are taken off.
     */
    public static Named fromFileName(String fileName) {
        String base = fileName == null ? "" : fileName.replaceAll("^.*[/\\\\]", "")
                .replaceFirst("(?i)(\\.(json|jsonl|log|txt))?(\\.gz)?$", "");
        String mode = AnsibleRun.RUN;
        if (base.toLowerCase(Locale.ROOT).endsWith("--check")) {
            mode = AnsibleRun.CHECK;
            base = base.substring(0, base.length() - "--check".length());
        } else if (base.toLowerCase(Locale.ROOT).endsWith("--run")) {
            base = base.substring(0, base.length() - "--run".length());
        }
        return new Named(base.isBlank() ? "unnamed" : base, mode);
    }

    /**
     * @param playbook the playbook's name; null or blank takes it from the file name
     * @param mode     {@code run} or {@code check}; null takes it from the file name
     */
    public synchronized ImportAnswer importFile(String fileName, InputStream in, String playbook, String mode, String via,
                                                String user) {
        Named named = fromFileName(fileName);
        String book = playbook == null || playbook.isBlank() ? named.playbook() : playbook.strip();
        String m = mode == null ? named.mode() : mode;
        PlaybookResult result = read(in);
        RunFacts facts = RunFacts.of(result, book, m, history.recent(book, config.recentRuns()));
        RunResult run = runs.runFacts(AnsibleAgent.NAME, facts.all());
        try {
            history.store(facts, run.runId(), fileName, result.format(), via, user, Instant.now());
        } catch (RuntimeException e) {
            LOG.errorf(e, "cannot store the summary of run %s (playbook %s)", run.runId(), book);
            throw new ImportRejectedException(ImportRejectedException.UNAVAILABLE, "database", "the rules ran (run "
                    + run.runId() + ") but the run's summary could not be stored, so later runs will not count it; "
                    + "import the file again later");
        }
        return new ImportAnswer(fileName, result.format(), facts.run(), facts.recaps().size(), facts.tasks().size(), run);
    }

    private PlaybookResult read(InputStream in) {
        long content = Math.min(limits.maxUncompressedBytes(), config.maxContentBytes());
        try (Reader text = UploadContent.open(in, limits.maxBytes(), content, PLAYBOOK_RESULT)) {
            return new ResultReader().read(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
