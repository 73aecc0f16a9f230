package io.log2.bench;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the processor time of a capture-on round goes: the rule engine's thread (the caller), the firing writer's
 * thread, and the database server's processes when the database runs on this Linux machine (PostgreSQL's processes,
 * read from {@code /proc}; an H2 database works on the writer's thread). Used around one round at a time.
 */
final class CpuSplit {

    /** The processor time of one round, in nanoseconds; {@code server} is -1 when it cannot be read. */
    record Round(long engine, long writer, long server) {
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Linux counts process time in clock ticks, 100 per second on every common kernel. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final long writerThread;
    private final boolean localServer;
    private long engine0;
    private long writer0;
    private long server0;

    /**
     * @param writerThreadName the firing writer's thread, which must be running
     * @param localServer      whether the database server runs on this machine (its time is then read)
     */
    CpuSplit(String writerThreadName, boolean localServer) {
        this.writerThread = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(writerThreadName)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no thread " + writerThreadName)).getId();
        this.localServer = localServer && new File("/proc/self/stat").canRead();
    }

    void start() {
        engine0 = THREADS.getCurrentThreadCpuTime();
        writer0 = THREADS.getThreadCpuTime(writerThread);
        server0 = localServer ? postgresTicks() : 0;
    }

    Round stop() {
        long engine = THREADS.getCurrentThreadCpuTime() - engine0;
        long writer = THREADS.getThreadCpuTime(writerThread) - writer0;
        long server = localServer ? (postgresTicks() - server0) * NANOS_PER_TICK : -1;
        return new Round(engine, writer, server);
    }

    /** User and system time of every process named postgres: the server's own and its backends (pooled, so alive). */
    private static long postgresTicks() {
        long ticks = 0;
        File[] processes = new File("/proc").listFiles((dir, name) -> name.chars().allMatch(Character::isDigit));
        if (processes == null) {
            return 0;
        }
        for (File p : processes) {
            try {
                String stat = Files.readString(Path.of(p.getPath(), "stat"));
                int end = stat.lastIndexOf(')');
                if (!stat.substring(stat.indexOf('(') + 1, end).equals("postgres")) {
                    continue;
                }
                // after the name: state, then 10 fields, then utime and stime (fields 14 and 15 of proc(5))
                String[] fields = stat.substring(end + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException | RuntimeException gone) {
                // a process that ended meanwhile
            }
        }
        return ticks;
    }
}
