package io.log2.logic;

import java.util.List;

/**
 * Where a change of an agent's rules files waits for an approver when {@code log2.rules.require-approval} is on,
 * instead of becoming active (the proposals of the intelligence layer). Two steps, so that the agent's rules are not
 * locked while the change is validated: {@link #hold} records the change, {@link #begin} validates it.
 */
public interface ApprovalGate {

    /**
     * Records a change for approval; nothing is validated or activated yet. A change equal to one already waiting
     * for an approver is not recorded twice.
     *
     * @param source where the change came from: {@code upload} or {@code folder}
     * @return the id of the recorded change, and whether it is new (false: one equal to it was already waiting)
     */
    Held hold(String agent, List<FileChange> changes, String source, String user);

    /** Starts the validation of a change {@link #hold} recorded. */
    void begin(long id);

    record Held(long id, boolean isNew) {
    }
}
