package io.log2.agents.awsusage.collect;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The default {@code max_connections} of an RDS instance, worked out from its engine and instance class the way
 * the default parameter groups do (AWS documentation, "Maximum number of database connections" in the Amazon RDS
 * User Guide):
 * <ul>
 *   <li>MySQL and MariaDB: {@code {DBInstanceClassMemory/12582880}};</li>
 *   <li>PostgreSQL: {@code LEAST({DBInstanceClassMemory/9531392},5000)}.</li>
 * </ul>
 * Memory per instance class comes from the AWS documentation's hardware specifications of the DB instance classes
 * (Amazon RDS User Guide, "Hardware specifications for DB instance classes"), kept here as a small table of
 * common families. {@code DBInstanceClassMemory} is the memory left to the database after what RDS reserves for
 * the operating system and its own processes, so the running value is somewhat below the figure computed here
 * from the class's nominal memory: treat it as an upper bound.
 *
 * <p>Not known here, so no value: other engines (Oracle, SQL Server, Db2, Aurora, whose formulas differ),
 * instance classes outside the table, and {@code db.serverless}. A custom DB parameter group can set
 * {@code max_connections} to any value; this class reports the default only, whatever group the instance uses.
 */
public final class InventoryRdsConnections {

    private static final double GIB = 1024.0 * 1024.0 * 1024.0;
    private static final long MYSQL_BYTES_PER_CONNECTION = 12_582_880L;
    private static final long POSTGRES_BYTES_PER_CONNECTION = 9_531_392L;
    private static final int POSTGRES_LIMIT = 5000;

    /** Burstable classes: memory (GiB) by size. */
    private static final Map<String, Double> BURSTABLE_SIZES = Map.of(
            "micro", 1.0, "small", 2.0, "medium", 4.0, "large", 8.0, "xlarge", 16.0, "2xlarge", 32.0);
    private static final Map<String, Map<String, Double>> BURSTABLE = Map.of(
            "t2", BURSTABLE_SIZES, "t3", BURSTABLE_SIZES, "t4g", BURSTABLE_SIZES);

    /** Previous-generation m3: memory (GiB) by size. */
    private static final Map<String, Double> M3 = Map.of("medium", 3.75, "large", 7.5, "xlarge", 15.0, "2xlarge", 30.0);

    /**
     * Families whose memory grows with the size: GiB of a {@code large}; an {@code xlarge} has twice that and an
     * {@code Nxlarge} 2N times that (db.m5.large 8 GiB, db.m5.xlarge 16, db.m5.4xlarge 64; db.r5.large 16,
     * db.r5.xlarge 32; db.r4.large 15.25).
     */
    private static final Map<String, Double> LARGE_GIB = Map.ofEntries(
            Map.entry("m4", 8.0), Map.entry("m5", 8.0), Map.entry("m5d", 8.0), Map.entry("m6g", 8.0),
            Map.entry("m6gd", 8.0), Map.entry("m6i", 8.0), Map.entry("m6id", 8.0), Map.entry("m7g", 8.0),
            Map.entry("m7i", 8.0),
            Map.entry("r3", 15.25), Map.entry("r4", 15.25),
            Map.entry("r5", 16.0), Map.entry("r5b", 16.0), Map.entry("r5d", 16.0), Map.entry("r6g", 16.0),
            Map.entry("r6gd", 16.0), Map.entry("r6i", 16.0), Map.entry("r6id", 16.0), Map.entry("r7g", 16.0),
            Map.entry("r7i", 16.0));

    private static final Pattern CLASS = Pattern.compile("db\\.([a-z0-9]+)\\.([a-z0-9]+)");
    private static final Pattern MULTIPLE_XLARGE = Pattern.compile("([1-9][0-9]?)xlarge");

    private InventoryRdsConnections() {
    }

    /** The nominal memory of an instance class in bytes, such as 1 GiB for {@code db.t3.micro}; empty when not in the table. */
    public static OptionalDouble memoryBytes(String instanceClass) {
        if (instanceClass == null) {
            return OptionalDouble.empty();
        }
        Matcher m = CLASS.matcher(instanceClass.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return OptionalDouble.empty();
        }
        String family = m.group(1);
        String size = m.group(2);
        Double gib = null;
        if (BURSTABLE.containsKey(family)) {
            gib = BURSTABLE.get(family).get(size);
        } else if (family.equals("m3")) {
            gib = M3.get(size);
        } else if (LARGE_GIB.containsKey(family)) {
            double large = LARGE_GIB.get(family);
            if (size.equals("large")) {
                gib = large;
            } else if (size.equals("xlarge")) {
                gib = 2 * large;
            } else {
                Matcher x = MULTIPLE_XLARGE.matcher(size);
                if (x.matches()) {
                    gib = 2 * large * Integer.parseInt(x.group(1));
                }
            }
        }
        return gib == null ? OptionalDouble.empty() : OptionalDouble.of(gib * GIB);
    }

    /**
     * The default {@code max_connections} for an engine ({@code mysql}, {@code mariadb}, {@code postgres}, as
     * DescribeDBInstances names them) on an instance class; empty when the engine or the class is not known here.
     */
    public static OptionalInt maxConnections(String engine, String instanceClass) {
        if (engine == null) {
            return OptionalInt.empty();
        }
        OptionalDouble memory = memoryBytes(instanceClass);
        if (memory.isEmpty()) {
            return OptionalInt.empty();
        }
        long bytes = (long) memory.getAsDouble();
        switch (engine.toLowerCase(Locale.ROOT)) {
            case "mysql":
            case "mariadb":
                return OptionalInt.of((int) (bytes / MYSQL_BYTES_PER_CONNECTION));
            case "postgres":
                return OptionalInt.of((int) Math.min(bytes / POSTGRES_BYTES_PER_CONNECTION, POSTGRES_LIMIT));
            default:
                return OptionalInt.empty();
        }
    }
}
