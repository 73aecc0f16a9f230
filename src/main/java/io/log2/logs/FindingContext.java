package io.log2.logs;

import java.util.List;

/**
 * A source of events related to a finding, shown in the finding's view ({@code GET /api/findings/{id}}). Agents
 * contribute their own as CDI beans, so that the finding log never needs to know them. Implementations only read,
 * and answer an empty list for findings they know nothing about.
 */
public interface FindingContext {

    List<RelatedEvent> relatedTo(LoggedFinding finding);
}
