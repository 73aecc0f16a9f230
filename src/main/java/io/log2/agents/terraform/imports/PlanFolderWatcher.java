package io.log2.agents.terraform.imports;

import io.log2.agents.terraform.TerraformConfig;
import io.log2.cluster.Lease;
import io.log2.imports.ImportFolder;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;

/**
 * Checks the plan files dropped into {@code log2.terraform.imports-dir}. A file is taken once its size and time
 * have not changed between two scans (it has been written whole), checked in a run of the terraform agent, then
 * moved to {@code done/}, or to {@code failed/} with a {@code .error.txt} beside it saying why.
 */
@ApplicationScoped
public class PlanFolderWatcher {

    @Inject
    TerraformConfig config;
    @Inject
    PlanImports imports;

    private final ImportFolder folder;

    @Inject
    public PlanFolderWatcher(Lease lease) {
        folder = new ImportFolder("the plan folder", lease);
    }

    @Scheduled(every = "${log2.terraform.scan-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scan() {
        folder.scan(Path.of(config.importsDir()), (name, in) -> {
            PlanImports.PlanRun run = imports.check(name, in);
            return "run " + run.run().runId() + ", " + run.run().findings().size() + " findings";
        });
    }
}
