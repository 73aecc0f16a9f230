package io.log2.agents.awsusage;

import io.log2.agents.awsusage.collect.AwsCollection;
import io.log2.agents.awsusage.cycle.MonitoringCycle;
import io.log2.agents.awsusage.history.CostHistory;
import io.log2.agents.awsusage.imports.ImportService;
import io.log2.agents.awsusage.imports.MetricSeriesTarget;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import org.jboss.logging.Logger;

/**
 * On a first start without AWS collection, imports the bundled samples — the FinOps FOCUS sample bill and a real
 * EC2 CPU series from the Numenta Anomaly Benchmark — and runs a cycle, so findings and firings are there to
 * look at soon after start. Observed after the rule sets have loaded; loaded in the background.
 */
@ApplicationScoped
public class SampleData {

    static final String FOCUS = "samples/focus/focus_sample.csv";
    static final String CPU = "samples/nab/ec2_cpu_utilization_ac20cd.csv";
    /** The NAB series is of an anonymous instance; it is shown under this id. */
    static final MetricSeriesTarget CPU_SERIES = new MetricSeriesTarget("AWS/EC2", "CPUUtilization", "i-nab-ac20cd");
    private static final Logger LOG = Logger.getLogger(SampleData.class);

    @Inject
    AwsUsageConfig config;
    @Inject
    AwsCollection aws;
    @Inject
    CostHistory history;
    @Inject
    ImportService imports;
    @Inject
    MonitoringCycle cycles;

    void onStart(@Observes @Priority(5000) StartupEvent event) {
        if (config.aws().loadSamples() && !aws.enabled() && history.isEmpty()) {
            // Off the start-up path: the service is ready (its rules serve) while the samples go in, and their
            // findings appear a few seconds later, as those of any import do.
            Thread loader = new Thread(this::loadLogged, "sample-data");
            loader.setDaemon(true);
            loader.start();
        }
    }

    private void loadLogged() {
        try {
            load();
        } catch (RuntimeException e) {
            LOG.errorf(e, "the bundled sample data could not be loaded");
        }
    }

    /** Imports the samples and runs a cycle over them; returns the cycle's run. */
    public String load() {
        ClassLoader cl = SampleData.class.getClassLoader();
        try (InputStream focus = cl.getResourceAsStream(FOCUS); InputStream cpu = cl.getResourceAsStream(CPU)) {
            imports.importFile("focus_sample.csv", focus, null, null, "sample", "system");
            imports.importFile("ec2_cpu_utilization_ac20cd.csv", cpu, null, CPU_SERIES, "sample", "system");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled samples", e);
        }
        var result = cycles.run();
        LOG.infof("loaded the bundled sample data (FOCUS bill, EC2 CPU series): run %s with %d findings; see GET /api/runs/%s",
                result.runId(), result.findings(), result.runId());
        return result.runId();
    }
}
