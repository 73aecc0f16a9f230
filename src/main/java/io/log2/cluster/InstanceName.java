package io.log2.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/** This service instance's name among the instances sharing one database. */
@ApplicationScoped
public class InstanceName {

    private final String name;

    @Inject
    public InstanceName(ClusterConfig config) {
        name = config.instanceName().orElseGet(() -> host() + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    public String get() {
        return name;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "log2";
        }
    }
}
