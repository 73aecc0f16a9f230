package io.log2.logs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;

/** The events every {@link FindingContext} relates to a finding, newest first. */
@ApplicationScoped
public class RelatedEvents {

    private static final Logger LOG = Logger.getLogger(RelatedEvents.class);

    @Inject
    @Any
    Instance<FindingContext> contexts;

    public List<RelatedEvent> of(LoggedFinding finding) {
        List<RelatedEvent> out = new ArrayList<>();
        for (FindingContext context : contexts) {
            try {
                out.addAll(context.relatedTo(finding));
            } catch (RuntimeException e) {
                // One source that cannot answer must not hide the finding itself.
                LOG.warnf(e, "cannot read the events related to finding %d from %s", finding.id, context.getClass().getName());
            }
        }
        out.sort(Comparator.comparing(RelatedEvent::at, Comparator.nullsLast(Comparator.reverseOrder())));
        return out;
    }
}
