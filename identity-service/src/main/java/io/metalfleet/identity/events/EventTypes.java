package io.metalfleet.identity.events;

/** CloudEvents types and the topic this service produces (documented in the README). */
public final class EventTypes {

    public static final String PROVIDERS_TOPIC = "identity.providers";
    public static final String PROVIDER_REGISTERED = "provider.registered";
    public static final String CLUSTER_REGISTERED = "cluster.registered";
    public static final String PROVIDER_DELETED = "provider.deleted";

    private EventTypes() {
    }
}
