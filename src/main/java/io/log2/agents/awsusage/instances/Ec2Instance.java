package io.log2.agents.awsusage.instances;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An EC2 instance as DescribeInstances last reported it, with the names other tools know it by: its private and
 * public IPv4 addresses and DNS names and its {@code Name} tag (each null when it has none). {@code stateReason} is
 * why it is in its state when EC2 says ({@code User initiated (2015-11-25 10:11:55 GMT)}).
 */
public record Ec2Instance(String instanceId, String region, String state, String stateReason, String privateIp,
                          String publicIp, String privateDns, String publicDns, String name) {

    public static final String RUNNING = "running";
    /** The states in which an instance cannot be reached. */
    public static final Set<String> DOWN = Set.of("stopping", "stopped", "shutting-down", "terminated");

    public Ec2Instance {
        privateIp = blankToNull(privateIp);
        publicIp = blankToNull(publicIp);
        privateDns = blankToNull(privateDns);
        publicDns = blankToNull(publicDns);
        name = blankToNull(name);
        stateReason = blankToNull(stateReason);
    }

    public boolean down() {
        return state != null && DOWN.contains(state);
    }

    /** Every name a host of an inventory may carry for this instance: its id, addresses, DNS names and Name tag. */
    public List<String> hostNames() {
        List<String> names = new ArrayList<>();
        for (String n : new String[] {instanceId, privateIp, publicIp, privateDns, publicDns, name}) {
            if (n != null && !names.contains(n)) {
                names.add(n);
            }
        }
        return names;
    }

    /** How a host's name matches this instance, or null when it does not: the strongest way first. */
    public String matchedBy(String host) {
        if (host == null) {
            return null;
        }
        if (host.equals(instanceId)) {
            return "instance id";
        }
        if (host.equals(privateIp)) {
            return "private IP";
        }
        if (host.equals(publicIp)) {
            return "public IP";
        }
        if (host.equalsIgnoreCase(Objects.requireNonNullElse(privateDns, "\0"))) {
            return "private DNS name";
        }
        if (host.equalsIgnoreCase(Objects.requireNonNullElse(publicDns, "\0"))) {
            return "public DNS name";
        }
        if (host.equals(name)) {
            return "Name tag";
        }
        return null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
