package io.metalfleet.provisioning.nodepools.events;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.metalfleet.provisioning.nodepools.domain.ClusterRegistry;
import io.metalfleet.provisioning.nodepools.domain.JoinWorker;
import io.smallrye.mutiny.Uni;

/**
 * What node pools consume: identity's {@code identity.providers} (cluster.registered, provider.deleted: which
 * clusters accept pools) and cert-service's {@code cert.certificates} (certificate.issued: a joining node's
 * certificate). Each event is applied once: the inbox row is written in the transaction that applies it.
 */
@ApplicationScoped
public class NodePoolEventsConsumer {

    public static final String CLUSTER_REGISTERED = "cluster.registered";
    public static final String PROVIDER_DELETED = "provider.deleted";
    public static final String CERTIFICATE_ISSUED = "certificate.issued";

    @Inject
    ClusterRegistry clusters;
    @Inject
    JoinWorker joins;
    @Inject
    ObjectMapper json;

    @Incoming("identity-providers")
    public Uni<Void> identity(Message<String> message) {
        return CloudEventIntake.handle(message, Set.of(CLUSTER_REGISTERED, PROVIDER_DELETED), json, clusters::apply);
    }

    @Incoming("cert-certificates")
    public Uni<Void> certificates(Message<String> message) {
        return CloudEventIntake.handle(message, Set.of(CERTIFICATE_ISSUED), json,
                (id, type, data) -> joins.certificateIssued(id, data));
    }
}
