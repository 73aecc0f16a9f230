package io.log2.agents.ansible.imports;

import io.log2.agents.ansible.AnsibleConfig;
import io.log2.cluster.Lease;
import io.log2.imports.ImportFolder;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;

/**
 * Imports the playbook results dropped into {@code log2.ansible.imports-dir}, each as one run. A file is taken once
 * its size and time have not changed between two scans (it has been written whole), then moved to {@code done/}, or
 * to {@code failed/} with a {@code .error.txt} beside it saying why. The name says the playbook and the mode:
 * {@code site.json} is a run of {@code site}, {@code site--check.json} a check run of it.
 */
@ApplicationScoped
public class AnsibleFolderWatcher {

    @Inject
    AnsibleConfig config;
    @Inject
    AnsibleImportService imports;

    private final ImportFolder folder;

    @Inject
    public AnsibleFolderWatcher(Lease lease) {
        folder = new ImportFolder("the ansible import folder", lease);
    }

    @Scheduled(every = "${log2.ansible.scan-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scan() {
        folder.scan(Path.of(config.importsDir()), (name, in) -> {
            AnsibleImportService.ImportAnswer answer = imports.importFile(name, in, null, null, "folder", "system");
            return "playbook " + answer.summary().playbook() + ", run " + answer.run().runId() + ", "
                    + answer.run().findings().size() + " findings";
        });
    }
}
