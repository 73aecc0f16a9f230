package io.log2.actions;

/** A command that does not fit the action's state (approve a finished action, undo one never executed): HTTP 409. */
public class ActionConflictException extends jakarta.ws.rs.ClientErrorException {

    public ActionConflictException(String message) {
        super(message, 409);
    }
}
