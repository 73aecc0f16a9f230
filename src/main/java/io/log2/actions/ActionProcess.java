package io.log2.actions;

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
import org.kie.kogito.process.ProcessInstance;
import org.kie.kogito.process.WorkItem;
import org.kie.kogito.process.bpmn2.BpmnVariables;
import org.kie.kogito.process.bpmn2.StaticApplicationAssembler;
import org.kie.kogito.process.impl.StaticProcessConfig;
import org.kie.kogito.process.workitems.impl.DefaultKogitoWorkItemHandler;
import org.jboss.logging.Logger;

/**
 * The jBPM engine running {@code processes/action.bpmn2}, one instance per action, and the only class of the
 * actions that touches the engine's API. Instances live in memory: the action log's row is the truth about where an
 * action stands, and {@link #enterAt} starts an instance again at its stored node after a restart. Every call is
 * serialised, since an instance runs its steps in the calling thread.
 */
@ApplicationScoped
public class ActionProcess {

    private static final Logger LOG = Logger.getLogger(ActionProcess.class);
    static final String RESOURCE = "processes/action.bpmn2";
    static final String PROCESS_ID = "action";
    /** The human task an action waits at for an approver. */
    public static final String APPROVAL = "Approval";
    /** The execute step, where an action waiting on AWS is taken up again. */
    public static final String EXECUTE = "Execute";

    private final Map<Long, ProcessInstance<BpmnVariables>> instances = new ConcurrentHashMap<>();
    private org.kie.kogito.process.Process<BpmnVariables> process;

    /** Starts the process of a new action; it runs until the approval task or its end. */
    public synchronized void start(long actionId) {
        ProcessInstance<BpmnVariables> instance = newInstance(actionId);
        instance.start();
        keep(actionId, instance);
    }

    /** Starts the process of a pending action again at the node it had reached, as after a restart. */
    public synchronized void enterAt(long actionId, String node) {
        ProcessInstance<BpmnVariables> instance = newInstance(actionId);
        instance.startFrom(node);
        keep(actionId, instance);
    }

    /** Completes the approver's task; the process reads the decision from the action log. */
    public synchronized void completeApproval(long actionId) {
        ProcessInstance<BpmnVariables> instance = instance(actionId);
        List<WorkItem> tasks = instance.workItems();
        if (tasks.isEmpty()) {
            throw new IllegalStateException("action " + actionId + " has no approval task");
        }
        instance.completeWorkItem(tasks.get(0).getId(), Map.of());
        keep(actionId, instance);
    }

    /** Whether this service holds a running instance of the action's process. */
    public synchronized boolean running(long actionId) {
        return instances.containsKey(actionId);
    }

    /** Forgets every instance, as a stopped service does; for tests of the restart. */
    synchronized void forgetAll() {
        instances.clear();
        process = null;
    }

    private ProcessInstance<BpmnVariables> instance(long actionId) {
        ProcessInstance<BpmnVariables> instance = instances.get(actionId);
        if (instance == null) {
            throw new IllegalStateException("action " + actionId + " has no running process");
        }
        return instance;
    }

    private void keep(long actionId, ProcessInstance<BpmnVariables> instance) {
        Optional<org.kie.kogito.process.ProcessError> error = instance.error();
        if (error.isPresent()) {
            instances.remove(actionId);
            LOG.errorf("the process of action %d failed at %s: %s", actionId, error.get().failedNodeId(),
                    error.get().errorMessage());
            throw new IllegalStateException("the process of action " + actionId + " failed: " + error.get().errorMessage());
        }
        if (instance.status() == ProcessInstance.STATE_ACTIVE) {
            instances.put(actionId, instance);
        } else {
            instances.remove(actionId);
        }
    }

    private ProcessInstance<BpmnVariables> newInstance(long actionId) {
        return process().createInstance(BpmnVariables.create(Map.of("actionId", actionId)));
    }

    @SuppressWarnings("unchecked")
    private org.kie.kogito.process.Process<BpmnVariables> process() {
        if (process == null) {
            ClassLoader cl = ActionProcess.class.getClassLoader();
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
                    throw new IllegalStateException("the action process does not build: " + builder.getErrors());
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
