package io.log2.api;

import io.log2.logic.InvalidRequestException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.PathSegment;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a path or query parameter holding a control character (a NUL, a line break) or half of a surrogate
 * pair, with a 400 naming the parameter. Such text is never a name, id or time this service issued, PostgreSQL
 * cannot store or compare a NUL, and a line break in a name ends up in headers and logs.
 */
public class ControlCharacterCheck {

    @ServerRequestFilter(preMatching = true)
    public void check(ContainerRequestContext request) {
        List<PathSegment> segments = request.getUriInfo().getPathSegments(true);
        for (int i = 0; i < segments.size(); i++) {
            if (!printable(segments.get(i).getPath())) {
                throw new InvalidRequestException("segment " + (i + 1) + " of the path holds a control character",
                        "path");
            }
        }
        for (Map.Entry<String, List<String>> parameter : request.getUriInfo().getQueryParameters(true).entrySet()) {
            if (!printable(parameter.getKey()) || !parameter.getValue().stream().allMatch(ControlCharacterCheck::printable)) {
                throw new InvalidRequestException("query parameter '" + parameter.getKey().replaceAll("\\p{Cntrl}", "?")
                        + "' holds a control character", parameter.getKey().replaceAll("\\p{Cntrl}", "?"));
            }
        }
    }

    /** No C0 control characters, no DEL, no lone surrogates. */
    static boolean printable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
