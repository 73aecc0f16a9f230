package io.log2.imports;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Passes bytes through and refuses the stream with 413 as soon as more than {@code limit} bytes have come through,
 * so that an oversized upload or a gzip bomb is stopped while it streams, never after it has been buffered.
 *
 * <p>Used twice: under the gzip layer it counts what was sent, above it what that inflates to. Closing it does
 * not close the stream below when {@code closesSource} is false: the importer does not own the caller's stream.
 */
public final class BoundedInputStream extends FilterInputStream {

    /**
     * The caller's stream failed (a dropped connection): not a fault of the file. Unchecked so that it passes
     * through the gzip and CSV layers unchanged and cannot be mistaken for their own errors.
     */
    public static final class SourceFailure extends UncheckedIOException {
        SourceFailure(IOException cause) {
            super("the file could not be read: " + cause.getMessage(), cause);
        }
    }

    private final long limit;
    private final String overLimitMessage;
    private final boolean closesSource;
    private final boolean wrapsFailures;
    private long count;

    private BoundedInputStream(InputStream in, long limit, String overLimitMessage, boolean closesSource, boolean wrapsFailures) {
        super(in);
        this.limit = limit;
        this.overLimitMessage = overLimitMessage;
        this.closesSource = closesSource;
        this.wrapsFailures = wrapsFailures;
    }

    /** Over the caller's stream: failures become {@link SourceFailure}; close leaves the caller's stream open. */
    public static BoundedInputStream overSource(InputStream source, long limit, String overLimitMessage) {
        return new BoundedInputStream(source, limit, overLimitMessage, false, true);
    }

    /** Over a stream the importer made (the inflater): close releases it, its errors pass unchanged. */
    public static BoundedInputStream overOwn(InputStream own, long limit, String overLimitMessage) {
        return new BoundedInputStream(own, limit, overLimitMessage, true, false);
    }

    @Override
    public int read() throws IOException {
        int b = call(() -> super.read());
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = call(() -> super.read(buffer, offset, length));
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // skipped bytes are bytes too: read them so that they are counted
        byte[] scratch = new byte[(int) Math.min(n, 8192)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() throws IOException {
        if (closesSource) {
            super.close();
        }
    }

    private void counted(int n) {
        count += n;
        if (count > limit) {
            throw ImportRejectedException.tooLarge(overLimitMessage);
        }
    }

    private interface Read {
        int read() throws IOException;
    }

    private int call(Read read) throws IOException {
        if (!wrapsFailures) {
            return read.read();
        }
        try {
            return read.read();
        } catch (IOException e) {
            throw new SourceFailure(e);
        }
    }
}
