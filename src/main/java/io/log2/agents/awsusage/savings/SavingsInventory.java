package io.log2.agents.awsusage.savings;

import java.time.LocalDate;
import java.util.List;

/**
 * What one account holds in one region that the savings checks read, with the usage of the days {@code from} to
 * {@code to} (inclusive, whole UTC days): instances with their daily CPU and network I/O and the p95 of their hourly
 * CPU, volumes, Elastic IPs and RDS instances with their daily peak connections.
 */
public record SavingsInventory(String account, String region, LocalDate from, LocalDate to,
                               List<Instance> instances, List<Volume> volumes, List<Address> addresses,
                               List<Database> databases) {

    /** An EC2 instance: its type, state ({@code running}, {@code stopped}, ...) and usage by day. */
    public record Instance(String id, String type, String state, List<InstanceDay> days, Double cpuP95) {
    }

    /** One day of an instance: average CPU (percent) and network bytes in and out together; null when not reported. */
    public record InstanceDay(LocalDate day, Double cpuAverage, Double networkBytes) {
    }

    /** An EBS volume: type, size (GiB), provisioned IOPS (null when not provisioned), and whether it is attached. */
    public record Volume(String id, String type, int sizeGb, Integer iops, String state, boolean attached) {
    }

    /** An Elastic IP: its allocation id (or address when it has none) and whether it is associated. */
    public record Address(String id, String publicIp, boolean associated) {
    }

    /** An RDS instance and the largest number of connections it had on each day reported. */
    public record Database(String id, String instanceClass, String engine, String status, boolean multiAz,
                           List<DatabaseDay> days) {
    }

    public record DatabaseDay(LocalDate day, double maxConnections) {
    }
}
