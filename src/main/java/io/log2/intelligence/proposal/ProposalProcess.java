package io.log2.intelligence.proposal;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.drools.compiler.builder.impl.KnowledgeBuilderImpl;
import org.jbpm.bpmn2.xml.BPMNDISemanticModule;
import org.jbpm.bpmn2.xml.BPMNExtensionsSemanticModule;
import org.jbpm.bpmn2.xml.BPMNSemanticModule;
import org.jbpm.compiler.ProcessBuilderImpl;
import org.jbpm.compiler.xml.XmlProcessReader;
import org.jbpm.compiler.xml.core.SemanticModules;
import org.kie.api.definition.process.Process;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.io.ResourceFactory;
import org.kie.kogito.Application;
import org.kie.kogito.internal.process.runtime.KogitoNodeInstance;
import org.kie.kogito.process.ProcessInstance;
import org.kie.kogito.process.SignalFactory;
import org.kie.kogito.process.WorkItem;
import org.kie.kogito.process.bpmn2.BpmnVariables;
import org.kie.kogito.process.bpmn2.StaticApplicationAssembler;
import org.kie.kogito.process.impl.StaticProcessConfig;
import org.kie.kogito.process.workitems.impl.DefaultKogitoWorkItemHandler;
import org.jboss.logging.Logger;

/**
 * The jBPM engine running {@code processes/proposal.bpmn2}, one instance per proposal, and the only class that
 * touches the engine's API. Instances live in memory: the proposal's row is the truth about where it stands, and
 * {@link #enterAt} starts an instance again at a stored node after a restart. Every call is serialised, since an
 * instance runs its steps in the calling thread.
 */
@ApplicationScoped
public class ProposalProcess {

    private static final Logger LOG = Logger.getLogger(ProposalProcess.class);
    static final String RESOURCE = "processes/proposal.bpmn2";
    static final String PROCESS_ID = "proposal";
    /** The wait states of the process, by their BPMN ids: a proposal's node is one of these while it waits. */
    public static final String VALIDATE = "Validate";
    public static final String APPROVAL = "Approval";
    public static final String WATCH = "Watch";
    public static final String DEPLOY = "Deploy";

    private final Map<Long, ProcessInstance<BpmnVariables>> instances = new ConcurrentHashMap<>();
    private org.kie.kogito.process.Process<BpmnVariables> process;

    /** Starts the process of a new proposal; it runs until its first wait state (or its end). */
    public synchronized void start(long proposalId) {
        ProcessInstance<BpmnVariables> instance = newInstance(proposalId);
        instance.start();
        keep(proposalId, instance);
    }

    /** Starts the process of an unfinished proposal again at the node it had reached, as after a restart. */
    public synchronized void enterAt(long proposalId, String node) {
        ProcessInstance<BpmnVariables> instance = newInstance(proposalId);
        instance.startFrom(node);
        keep(proposalId, instance);
    }

    /** Completes the approver's human task of a proposal; the process reads the decision from the proposal. */
    public synchronized void completeApproval(long proposalId) {
        ProcessInstance<BpmnVariables> instance = instance(proposalId);
        List<WorkItem> tasks = instance.workItems();
        if (tasks.isEmpty()) {
            throw new IllegalStateException("proposal " + proposalId + " has no approval task");
        }
        instance.completeWorkItem(tasks.get(0).getId(), Map.of());
        keep(proposalId, instance);
    }

    /** Tells a watching proposal's process that a run of its agent has been logged. */
    public synchronized void runLogged(long proposalId) {
        ProcessInstance<BpmnVariables> instance = instances.get(proposalId);
        if (instance != null) {
            instance.send(SignalFactory.of("run", proposalId));
            keep(proposalId, instance);
        }
    }

    /**
     * Wakes a watching proposal's process without a run, because another version became active: its check then ends
     * the watch. The same signal as a run's, so the process waits at one node and is entered again at it after a
     * restart.
     */
    public synchronized void wake(long proposalId) {
        runLogged(proposalId);
    }

    /** The names of the nodes a proposal's process instance is at now; empty when it has none in this service. */
    public synchronized List<String> activeNodes(long proposalId) {
        ProcessInstance<BpmnVariables> instance = instances.get(proposalId);
        if (instance == null) {
            return List.of();
        }
        return instance.findNodes(n -> true).stream().map(KogitoNodeInstance::getNodeName).toList();
    }

    /** Forgets every instance, as a stopped service does; for tests of the restart. */
    synchronized void forgetAll() {
        instances.clear();
        process = null;
    }

    private ProcessInstance<BpmnVariables> instance(long proposalId) {
        ProcessInstance<BpmnVariables> instance = instances.get(proposalId);
        if (instance == null) {
            throw new IllegalStateException("proposal " + proposalId + " has no running process");
        }
        return instance;
    }

    private void keep(long proposalId, ProcessInstance<BpmnVariables> instance) {
        Optional<org.kie.kogito.process.ProcessError> error = instance.error();
        if (error.isPresent()) {
            instances.remove(proposalId);
            LOG.errorf("the process of proposal %d failed at %s: %s", proposalId, error.get().failedNodeId(),
                    error.get().errorMessage());
            throw new IllegalStateException("the process of proposal " + proposalId + " failed: " + error.get().errorMessage());
        }
        if (instance.status() == ProcessInstance.STATE_ACTIVE) {
            instances.put(proposalId, instance);
        } else {
            instances.remove(proposalId);
        }
    }

    private ProcessInstance<BpmnVariables> newInstance(long proposalId) {
        return process().createInstance(BpmnVariables.create(Map.of("proposalId", proposalId)));
    }

    @SuppressWarnings("unchecked")
    private org.kie.kogito.process.Process<BpmnVariables> process() {
        if (process == null) {
            ClassLoader cl = ProposalProcess.class.getClassLoader();
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(cl);
            try (InputStream in = cl.getResourceAsStream(RESOURCE)) {
                SemanticModules modules = new SemanticModules();
                modules.addSemanticModule(new BPMNSemanticModule());
                modules.addSemanticModule(new BPMNExtensionsSemanticModule());
                modules.addSemanticModule(new BPMNDISemanticModule());
                List<Process> read = new XmlProcessReader(modules, cl).read(new InputStreamReader(in, StandardCharsets.UTF_8));
                ProcessBuilderImpl builder = new ProcessBuilderImpl((KnowledgeBuilderImpl) KnowledgeBuilderFactory.newKnowledgeBuilder());
                for (Process p : read) {
                    builder.buildProcess(p, ResourceFactory.newClassPathResource(RESOURCE, cl));
                }
                if (!builder.getErrors().isEmpty()) {
                    throw new IllegalStateException("the proposal process does not build: " + builder.getErrors());
                }
                StaticProcessConfig config = StaticProcessConfig.newStaticProcessConfigBuilder()
                        .withWorkItemHandler("Human Task", new DefaultKogitoWorkItemHandler()).build();
                Application app = StaticApplicationAssembler.instance().newStaticApplication(null, config,
                        read.toArray(Process[]::new));
                process = (org.kie.kogito.process.Process<BpmnVariables>) app.get(org.kie.kogito.process.Processes.class)
                        .processById(PROCESS_ID);
            } catch (Exception e) {
                throw new IllegalStateException("cannot load " + RESOURCE + ": " + e.getMessage(), e);
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
        return process;
    }
}
