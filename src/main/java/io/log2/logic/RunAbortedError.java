package io.log2.logic;

/**
 * Ends a run that went past its limits. An {@link Error}, so that a rule's {@code catch (Exception e)} cannot
 * swallow it; rules that catch {@code Throwable} or {@code Error} are refused when they compile.
 */
public final class RunAbortedError extends Error {

    public RunAbortedError(String reason) {
        super(reason, null, false, false);
    }
}
