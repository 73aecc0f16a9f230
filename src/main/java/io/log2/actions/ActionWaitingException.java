package io.log2.actions;

/**
 * Thrown by an action's execute when AWS is still making the change it waits for (a snapshot being taken): nothing
 * failed, and the step is taken again every {@code log2.actions.wait-poll} instead of holding a thread while it waits.
 * The message says what it waits for.
 */
public class ActionWaitingException extends RuntimeException {

    public ActionWaitingException(String waitingFor) {
        super(waitingFor);
    }
}
