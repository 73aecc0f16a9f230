package io.log2.agents.awsusage.savings;

import io.log2.agents.awsusage.collect.AwsClients;
import io.log2.agents.awsusage.collect.CollectSchedule;
import io.log2.agents.awsusage.collect.CollectWindow;
import io.log2.agents.awsusage.collect.CollectedData;
import io.log2.agents.awsusage.collect.Collector;
import io.log2.agents.awsusage.collect.Watermark;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeSet;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeState;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * What the savings checks need, once a day per account and region: the 14 whole UTC days before today.
 *
 * <ul>
 *   <li>EC2 DescribeInstances (all pages): each instance's type and state; terminated ones are left out. For each
 *       running instance, CloudWatch {@code GetMetricStatistics} of {@code AWS/EC2}: CPUUtilization Average per
 *       day and per hour (for the p95), NetworkIn and NetworkOut Sum per day.</li>
 *   <li>EC2 DescribeVolumes (all pages): type, size, provisioned IOPS, state and attachments.</li>
 *   <li>EC2 DescribeAddresses: each Elastic IP and whether it has an association.</li>
 *   <li>RDS DescribeDBInstances (all pages): class, engine, status, Multi-AZ; for each available instance,
 *       {@code AWS/RDS} DatabaseConnections Maximum per day.</li>
 * </ul>
 * Any error fails the collection, as for the other collectors; the stored opportunities then stay as the last
 * successful one left them.
 */
public final class SavingsCollector implements Collector {

    public static final String NAME = "savings";
    public static final int DAYS = 14;

    @Override
    public String name() {
        return NAME;
    }

    /** Due once a UTC day: the days read are whole days, so a second read the same day would find nothing new. */
    @Override
    public Optional<CollectWindow> window(Watermark mark, Instant now, CollectSchedule schedule) {
        Instant today = now.truncatedTo(ChronoUnit.DAYS);
        if (mark != null && !mark.collectedTo().isBefore(today)) {
            return Optional.empty();
        }
        return Optional.of(new CollectWindow(today.minus(Duration.ofDays(DAYS)), now));
    }

    @Override
    public CollectedData collect(AwsClients clients, CollectWindow window) {
        Instant to = window.to().truncatedTo(ChronoUnit.DAYS);
        Instant from = to.minus(Duration.ofDays(DAYS));
        UsageMetrics metrics = new UsageMetrics(clients.cloudWatch(), from, to);
        SavingsInventory inventory = new SavingsInventory(clients.accountId(), clients.region().id(),
                LocalDate.ofInstant(from, ZoneOffset.UTC), LocalDate.ofInstant(to, ZoneOffset.UTC).minusDays(1),
                instances(clients.ec2(), metrics), volumes(clients.ec2()), addresses(clients.ec2()),
                databases(clients, metrics));
        CollectedData data = CollectedData.empty();
        data.savings().add(inventory);
        return data;
    }

    private static List<SavingsInventory.Instance> instances(Ec2Client ec2, UsageMetrics metrics) {
        List<SavingsInventory.Instance> out = new ArrayList<>();
        for (Reservation r : ec2.describeInstancesPaginator(b -> { }).reservations()) {
            for (Instance i : r.instances()) {
                InstanceStateName state = i.state() == null ? null : i.state().name();
                if (state == InstanceStateName.TERMINATED) {
                    continue;
                }
                if (state != InstanceStateName.RUNNING) {
                    out.add(new SavingsInventory.Instance(i.instanceId(), i.instanceTypeAsString(),
                            state == null ? null : state.toString(), List.of(), null));
                    continue;
                }
                out.add(usage(i, metrics));
            }
        }
        return out;
    }

    private static SavingsInventory.Instance usage(Instance i, UsageMetrics metrics) {
        String id = i.instanceId();
        NavigableMap<LocalDate, Double> cpu = metrics.daily("AWS/EC2", "CPUUtilization", "InstanceId", id, Statistic.AVERAGE);
        NavigableMap<LocalDate, Double> in = metrics.daily("AWS/EC2", "NetworkIn", "InstanceId", id, Statistic.SUM);
        NavigableMap<LocalDate, Double> outBytes = metrics.daily("AWS/EC2", "NetworkOut", "InstanceId", id, Statistic.SUM);
        TreeSet<LocalDate> days = new TreeSet<>(cpu.keySet());
        days.addAll(in.keySet());
        days.addAll(outBytes.keySet());
        List<SavingsInventory.InstanceDay> usage = new ArrayList<>();
        for (LocalDate d : days) {
            Double network = in.containsKey(d) && outBytes.containsKey(d) ? in.get(d) + outBytes.get(d) : null;
            usage.add(new SavingsInventory.InstanceDay(d, cpu.get(d), network));
        }
        List<Double> hourly = new ArrayList<>(metrics.series("AWS/EC2", "CPUUtilization", "InstanceId", id,
                Statistic.AVERAGE, UsageMetrics.HOUR).values());
        return new SavingsInventory.Instance(id, i.instanceTypeAsString(), "running", usage, UsageMetrics.p95(hourly));
    }

    private static List<SavingsInventory.Volume> volumes(Ec2Client ec2) {
        List<SavingsInventory.Volume> out = new ArrayList<>();
        for (Volume v : ec2.describeVolumesPaginator(b -> { }).volumes()) {
            boolean attached = v.state() == VolumeState.IN_USE || !v.attachments().isEmpty();
            out.add(new SavingsInventory.Volume(v.volumeId(), v.volumeTypeAsString(), v.size() == null ? 0 : v.size(),
                    v.iops(), v.stateAsString(), attached));
        }
        return out;
    }

    private static List<SavingsInventory.Address> addresses(Ec2Client ec2) {
        List<SavingsInventory.Address> out = new ArrayList<>();
        for (Address a : ec2.describeAddresses(b -> { }).addresses()) {
            boolean associated = a.associationId() != null || a.instanceId() != null || a.networkInterfaceId() != null;
            out.add(new SavingsInventory.Address(a.allocationId() != null ? a.allocationId() : a.publicIp(),
                    a.publicIp(), associated));
        }
        return out;
    }

    private static List<SavingsInventory.Database> databases(AwsClients clients, UsageMetrics metrics) {
        List<SavingsInventory.Database> out = new ArrayList<>();
        for (DBInstance db : clients.rds().describeDBInstancesPaginator(b -> { }).dbInstances()) {
            List<SavingsInventory.DatabaseDay> days = new ArrayList<>();
            if ("available".equals(db.dbInstanceStatus())) {
                metrics.daily("AWS/RDS", "DatabaseConnections", "DBInstanceIdentifier", db.dbInstanceIdentifier(),
                        Statistic.MAXIMUM).forEach((d, v) -> days.add(new SavingsInventory.DatabaseDay(d, v)));
            }
            out.add(new SavingsInventory.Database(db.dbInstanceIdentifier(), db.dbInstanceClass(), db.engine(),
                    db.dbInstanceStatus(), Boolean.TRUE.equals(db.multiAZ()), days));
        }
        return out;
    }
}
