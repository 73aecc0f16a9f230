package io.log2.api;

import io.log2.logic.InvalidRequestException;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a path or query parameter holding a control character (a NUL, a line break) or half of a surrogate
 * pair, with a 400 naming the parameter. Such text is never a name, id or time this service issued, PostgreSQL
 * cannot store or compare a NUL, and a line break in a name ends up in headers and logs.
 */
public class ControlCharacterCheck {

    /** Runs once the endpoint is known, so that a path parameter is named as the endpoint names it. */
    @ServerRequestFilter
    public void check(ContainerRequestContext request) {
        refuseControlCharacters(request.getUriInfo().getPathParameters(true));
        refuseControlCharacters(request.getUriInfo().getQueryParameters(true));
    }

    private static void refuseControlCharacters(Map<String, List<String>> parameters) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (!printable(parameter.getKey()) || !parameter.getValue().stream().allMatch(ControlCharacterCheck::printable)) {
                String name = parameter.getKey().replaceAll("\\p{Cntrl}", "?");
                throw new InvalidRequestException("parameter '" + name + "' holds a control character", name);
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
