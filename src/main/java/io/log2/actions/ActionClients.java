package io.log2.actions;

import io.log2.agents.awsusage.collect.AwsClients;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import software.amazon.awssdk.regions.Region;

/** The AWS clients actions call, built once from {@code log2.actions.region} and {@code log2.actions.endpoint}. */
@ApplicationScoped
public class ActionClients {

    @Inject
    ActionsConfig config;

    private AwsClients clients;

    synchronized AwsCalls calls() {
        if (clients == null) {
            clients = new AwsClients(Region.of(config.region()), config.endpoint().orElse(null),
                    AwsClients.defaultCredentials(), 1);
        }
        return new AwsCalls(clients);
    }

    /** Points actions at other clients (a local AWS endpoint). */
    synchronized void use(AwsClients other) {
        clients = other;
    }

    void stop(@Observes ShutdownEvent event) {
        if (clients != null) {
            clients.close();
        }
    }
}
