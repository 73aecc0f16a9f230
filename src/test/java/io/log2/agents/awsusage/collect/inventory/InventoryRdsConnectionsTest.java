package io.log2.agents.awsusage.collect.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.agents.awsusage.collect.InventoryRdsConnections;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Default max_connections from the engine's formula and the instance class's memory. */
class InventoryRdsConnectionsTest {

    private static final double GIB = 1024.0 * 1024 * 1024;

    @ParameterizedTest(name = "{0} has {1} GiB")
    @CsvSource({
            "db.t3.micro, 1", "db.t3.small, 2", "db.t3.medium, 4", "db.t3.large, 8", "db.t3.2xlarge, 32",
            "db.t2.micro, 1", "db.t4g.medium, 4",
            "db.m5.large, 8", "db.m5.xlarge, 16", "db.m5.4xlarge, 64", "db.m6g.16xlarge, 256", "db.m4.10xlarge, 160",
            "db.r5.large, 16", "db.r5.xlarge, 32", "db.r6g.2xlarge, 64", "db.r5.24xlarge, 768",
            "db.r4.large, 15.25", "db.r3.8xlarge, 244", "db.m3.medium, 3.75", "db.m3.2xlarge, 30",
            "DB.M5.LARGE, 8"})
    void memoryOfKnownClasses(String instanceClass, double gib) {
        assertEquals(gib * GIB, InventoryRdsConnections.memoryBytes(instanceClass).orElseThrow(), 0.5);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"db.serverless", "db.x2g.large", "db.m5.metal", "db.t3.nano", "db.m5.medium", "db.r5.huge",
            "t3.micro", "''"})
    void unknownClassesHaveNoMemory(String instanceClass) {
        assertTrue(InventoryRdsConnections.memoryBytes(instanceClass).isEmpty());
        assertTrue(InventoryRdsConnections.maxConnections("mysql", instanceClass).isEmpty());
    }

    @ParameterizedTest(name = "{0} on {1}: {2}")
    @CsvSource({
            // MySQL and MariaDB: memory / 12582880
            "mysql, db.t3.micro, 85", "mysql, db.t3.medium, 341", "mariadb, db.t3.micro, 85",
            "mysql, db.m5.large, 682", "mysql, db.r5.large, 1365", "mysql, db.r5.24xlarge, 65536",
            // PostgreSQL: the smaller of memory / 9531392 and 5000
            "postgres, db.t3.micro, 112", "postgres, db.t3.small, 225", "postgres, db.m5.large, 901",
            "postgres, db.r5.large, 1802", "postgres, db.m5.4xlarge, 5000", "postgres, db.r5.24xlarge, 5000"})
    void defaultMaxConnections(String engine, String instanceClass, int expected) {
        assertEquals(OptionalInt.of(expected), InventoryRdsConnections.maxConnections(engine, instanceClass));
    }

    @Test
    void postgresIsCappedAt5000() {
        // db.m5.2xlarge (32 GiB) is 3604; db.m5.4xlarge (64 GiB) would be 7208 and is capped.
        assertEquals(OptionalInt.of(3604), InventoryRdsConnections.maxConnections("postgres", "db.m5.2xlarge"));
        assertEquals(OptionalInt.of(5000), InventoryRdsConnections.maxConnections("postgres", "db.m5.4xlarge"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"aurora-mysql", "aurora-postgresql", "oracle-ee", "sqlserver-ex", "db2-se", "''"})
    void otherEnginesHaveNoDefaultHere(String engine) {
        assertTrue(InventoryRdsConnections.maxConnections(engine, "db.r5.large").isEmpty());
    }

    @Test
    void missingEngineOrClassHasNoValue() {
        assertTrue(InventoryRdsConnections.maxConnections(null, "db.t3.micro").isEmpty());
        assertTrue(InventoryRdsConnections.maxConnections("mysql", null).isEmpty());
    }
}
