package io.log2.actions;

/**
 * One thing Log² can do to the account. A bean behind this interface, found by {@link #name()}; every step makes
 * its AWS calls through {@link AwsCalls}, so each call is logged with its request id.
 */
public interface Action {

    /** The name rules and the policy table use, as {@code stop-instance}. */
    String name();

    /** Reads the resource and says what {@link #execute} would change, changing nothing. */
    Plan dryRun(Target target, AwsCalls aws);

    /** Makes the change the plan describes. */
    void execute(Target target, Plan plan, AwsCalls aws);

    /** Reads the resource back: whether the change is in place. */
    boolean verify(Target target, Plan plan, AwsCalls aws);

    /** Whether AWS allows the change to be taken back. */
    default boolean undoable() {
        return true;
    }

    /** Takes the change back, using what the dry run read before it. */
    default void undo(Target target, Plan plan, AwsCalls aws) {
        throw new UnsupportedOperationException(name() + " cannot be undone");
    }
}
