package io.log2.agents.awsusage.instances;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * The EC2 instances the inventory collector saw last ({@code ec2_instance}), and which of them a host name of
 * another tool (an Ansible inventory) stands for. A host is matched by, in this order: the instance id, the private
 * IP, the public IP, the private or public DNS name (case aside), the {@code Name} tag. Tags need not be unique and
 * addresses are reused: when several instances match a host equally well, the one seen last is taken, then a running
 * one. A collection keeps only what it saw of the regions it reports instances in: the rows of those regions it did
 * not see are deleted, so an instance gone from DescribeInstances no longer stands for its old address or name.
 */
@ApplicationScoped
public class InstanceDirectory {

    /** An instance a host stands for, how it was matched, and when the inventory last saw it. */
    public record Match(Ec2Instance instance, String matchedBy, Instant seenAt, int candidates) {
    }

    private static final String COLUMNS = "instance_id, region, state, state_reason, private_ip, public_ip, private_dns,"
            + " public_dns, name, seen_at";

    @Inject
    DataSource dataSource;

    /**
     * Replaces what is known of the regions of these instances with what the collection at {@code seenAt} reported:
     * their rows seen before {@code seenAt} are deleted. Another account's collection of the same region at the same
     * {@code seenAt} keeps its rows. A region with no instance in the list is left as it was (an empty list says
     * nothing of which regions were read).
     */
    public void remember(List<Ec2Instance> instances, Instant seenAt) {
        if (instances.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            OffsetDateTime at = OffsetDateTime.ofInstant(seenAt, ZoneOffset.UTC);
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM ec2_instance WHERE instance_id = ? AND region = ?");
                 PreparedStatement stale = c.prepareStatement("DELETE FROM ec2_instance WHERE region = ? AND seen_at < ?");
                 PreparedStatement insert = c.prepareStatement("INSERT INTO ec2_instance (" + COLUMNS
                         + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Ec2Instance i : instances) {
                    delete.setString(1, i.instanceId());
                    delete.setString(2, i.region());
                    delete.addBatch();
                    insert.setString(1, i.instanceId());
                    insert.setString(2, i.region());
                    insert.setString(3, i.state());
                    insert.setString(4, cut(i.stateReason(), 500));
                    insert.setString(5, i.privateIp());
                    insert.setString(6, i.publicIp());
                    insert.setString(7, cut(i.privateDns(), 255));
                    insert.setString(8, cut(i.publicDns(), 255));
                    insert.setString(9, cut(i.name(), 255));
                    insert.setObject(10, at);
                    insert.addBatch();
                }
                for (String region : new TreeSet<>(instances.stream().map(Ec2Instance::region).toList())) {
                    stale.setString(1, region);
                    stale.setObject(2, at);
                    stale.addBatch();
                }
                stale.executeBatch();
                delete.executeBatch();
                insert.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the EC2 instances seen at " + seenAt, e);
        }
    }

    /** The instance a host name stands for, if any. */
    public Optional<Match> host(String host) {
        if (host == null || host.isBlank()) {
            return Optional.empty();
        }
        List<Match> matches = new ArrayList<>();
        for (Seen s : query("SELECT " + COLUMNS + " FROM ec2_instance WHERE instance_id = ? OR private_ip = ? OR public_ip = ?"
                + " OR LOWER(private_dns) = LOWER(?) OR LOWER(public_dns) = LOWER(?) OR name = ?", host, 6)) {
            matches.add(new Match(s.instance(), s.instance().matchedBy(host), s.seenAt(), 0));
        }
        if (matches.isEmpty()) {
            return Optional.empty();
        }
        List<String> strength = List.of("instance id", "private IP", "public IP", "private DNS name", "public DNS name", "Name tag");
        Comparator<Match> best = Comparator.<Match>comparingInt(m -> strength.indexOf(m.matchedBy()))
                .thenComparing(Match::seenAt, Comparator.reverseOrder())
                .thenComparing(m -> !Ec2Instance.RUNNING.equals(m.instance().state()));
        matches.sort(best);
        Match first = matches.get(0);
        long equal = matches.stream().filter(m -> m.matchedBy().equals(first.matchedBy())).count();
        return Optional.of(new Match(first.instance(), first.matchedBy(), first.seenAt(), (int) equal));
    }

    /** The instance with this id, as seen last in any region. */
    public Optional<Match> instance(String instanceId) {
        if (instanceId == null || !instanceId.startsWith("i-")) {
            return Optional.empty();
        }
        return query("SELECT " + COLUMNS + " FROM ec2_instance WHERE instance_id = ? ORDER BY seen_at DESC", instanceId, 1)
                .stream().findFirst().map(s -> new Match(s.instance(), "instance id", s.seenAt(), 1));
    }

    private record Seen(Ec2Instance instance, Instant seenAt) {
    }

    private List<Seen> query(String sql, String value, int parameters) {
        List<Seen> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int p = 1; p <= parameters; p++) {
                ps.setString(p, value);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Seen(new Ec2Instance(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)),
                            rs.getObject(10, OffsetDateTime.class).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the EC2 instances known as " + value, e);
        }
        return out;
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
