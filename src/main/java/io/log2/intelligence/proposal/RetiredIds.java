package io.log2.intelligence.proposal;

import io.log2.intelligence.RowChange;
import io.log2.logic.InvalidRequestException;
import io.log2.logic.RuleIdHistory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;

/**
 * The Id of a row a proposal adds must be one no rule of the agent has ever had, not only one the tables lack now:
 * the firings, findings and feedback of a retired row name it, and a new row under its Id would inherit them (the
 * noise learner would count the old row's labels for the new one). The history is {@link RuleIdHistory}'s: every
 * rule name of every stored version.
 */
@ApplicationScoped
public class RetiredIds {

    @Inject
    RuleIdHistory history;

    /**
     * @param where JSON pointer of the changes, such as {@code /changes}
     * @throws InvalidRequestException naming the first added row whose Id a rule of the agent had before
     */
    public void check(String agent, List<RowChange> changes, String where) {
        Set<String> ever = null;
        for (int i = 0; i < changes.size(); i++) {
            RowChange change = changes.get(i);
            if (change.kind() != RowChange.Kind.ADD) {
                continue;
            }
            if (ever == null) {
                ever = history.ruleNames(agent);
            }
            if (ever.contains(change.rowId())) {
                throw new InvalidRequestException("change " + i + ": '" + change.rowId() + "' is or was the Id of another "
                        + "rule of agent '" + agent + "' (an Id is never given to a second rule, so that the firings, findings "
                        + "and feedback under it stay that rule's); choose an Id no version has had", where + "/" + i + "/rowId");
            }
        }
    }
}
