package io.log2.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a request body over the limit of the endpoint it is for, with a 413 problem: {@code log2.max-body-bytes},
 * or the setting a method names with {@link BodyLimit}. A declared Content-Length is checked before anything is
 * read; a body without one (chunked) is counted as it is read and refused as soon as it passes the limit. Multipart
 * bodies are parsed by the HTTP layer itself, within {@code quarkus.http.limits.max-body-size}; the importer then
 * counts the file it reads.
 */
@Provider
public class BodySizeLimit implements ReaderInterceptor {

    static final String DEFAULT_SETTING = "log2.max-body-bytes";
    private static final String LIMIT = BodySizeLimit.class.getName() + ".limit";

    /** A limit in bytes and the setting it comes from, for the problem to name. */
    record Limit(long bytes, String setting) {
    }

    /** Runs once the endpoint is known and before its body is read. */
    @ServerRequestFilter
    public void check(ContainerRequestContext request, ResourceInfo resource) throws PayloadTooLargeException {
        Limit limit = limitOf(resource.getResourceMethod());
        request.setProperty(LIMIT, limit);
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                long size = Long.parseLong(length.trim());
                if (size > limit.bytes()) {
                    throw new PayloadTooLargeException(size, limit.bytes(), limit.setting());
                }
            } catch (NumberFormatException ignored) {
                // the HTTP layer refuses a malformed length itself
            }
        }
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (context.getProperty(LIMIT) instanceof Limit limit) {
            context.setInputStream(new Counted(context.getInputStream(), limit));
        }
        return context.proceed();
    }

    private static Limit limitOf(Method method) {
        BodyLimit own = method == null ? null : method.getAnnotation(BodyLimit.class);
        String setting = own == null ? DEFAULT_SETTING : own.setting();
        long bytes = ConfigProvider.getConfig().getValue(setting, Long.class);
        return new Limit(own == null ? bytes : bytes + own.allowance(), setting);
    }

    /** A body stream that fails once more than the limit has been read from it. */
    private static final class Counted extends FilterInputStream {

        private final Limit limit;
        private long read;

        Counted(InputStream in, Limit limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        }

        private void count(long n) throws PayloadTooLargeException {
            read += n;
            if (read > limit.bytes()) {
                throw new PayloadTooLargeException(-1, limit.bytes(), limit.setting());
            }
        }
    }
}
