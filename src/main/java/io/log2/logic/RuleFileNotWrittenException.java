package io.log2.logic;

import java.nio.file.Path;

/**
 * An uploaded rule file could not be written to its agent's folder (the disk is full, the folder is not
 * writable or not a folder, ...): nothing was changed, and the running version stays active.
 */
public class RuleFileNotWrittenException extends RuntimeException {

    private final String file;

    public RuleFileNotWrittenException(String file, Path folder, Throwable cause) {
        super("cannot write " + file + " to " + folder + ": " + cause, cause);
        this.file = file;
    }

    /** The file's name, which is all a client is told: the folder's path and the reason stay in the log. */
    public String file() {
        return file;
    }
}
