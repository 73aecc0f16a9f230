package io.log2.actions;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/** One stored version of the action policy table; {@code content} is its CSV. */
public record PolicyVersion(int version, String contentHash, String source, String createdBy, String reason,
                            Instant createdAt, @JsonIgnore String content) {

    public static final String UPLOAD = "upload";
    public static final String FILE = "file";
}
