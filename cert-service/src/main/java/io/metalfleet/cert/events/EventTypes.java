package io.metalfleet.cert.events;

/** CloudEvents types and topics this service produces and consumes (documented in the README). */
public final class EventTypes {

    public static final String CERTIFICATES_TOPIC = "cert.certificates";
    public static final String CERTIFICATE_ISSUED = "certificate.issued";
    public static final String CERTIFICATE_REVOKED = "certificate.revoked";
    public static final String PRODUCT_CREATED = "product.created";

    public static final String CLUSTER_REGISTERED = "cluster.registered";
    public static final String NODE_JOINING = "node.joining";

    private EventTypes() {
    }
}
