package io.metalfleet.inventory.events;

/** CloudEvents types and topics this service produces and consumes (documented in the README). */
public final class EventTypes {

    public static final String SERVERS_TOPIC = "inventory.servers";
    public static final String SERVER_ENROLLED = "server.enrolled";
    public static final String SERVER_UPDATED = "server.updated";
    public static final String SERVER_DELETED = "server.deleted";

    public static final String SERVER_INSPECTED = "server.inspected";
    public static final String SERVER_INSPECTION_FAILED = "server.inspection-failed";
    public static final String SERVER_POWER_CHANGED = "server.power-changed";
    public static final String SERVER_STATE_CHANGED = "server.state-changed";
    public static final String SERVER_HEALTH_CHANGED = "server.health-changed";

    private EventTypes() {
    }
}
