package io.log2.api;

import io.log2.config.Log2Config;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Refuses a body over {@code log2.max-body-bytes} before it is read, with a 413 problem. */
public class BodySizeLimit {

    /** A provider: filters are built before run-time configuration is available. */
    @Inject
    Provider<Log2Config> config;

    @ServerRequestFilter(preMatching = true)
    public void check(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                long size = Long.parseLong(length.trim());
                if (size > config.get().maxBodyBytes()) {
                    throw new PayloadTooLargeException(size, config.get().maxBodyBytes());
                }
            } catch (NumberFormatException ignored) {
                // the HTTP layer refuses a malformed length itself
            }
        }
    }
}
