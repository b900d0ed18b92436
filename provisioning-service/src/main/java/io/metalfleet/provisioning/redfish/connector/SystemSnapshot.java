package io.metalfleet.provisioning.redfish.connector;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The ComputerSystem as last read from one BMC (the few fields power and boot use) with the ETag it was served
 * under. A power action with a boot override may start from it instead of reading the system again: its PATCH
 * carries this ETag in If-Match, so the BMC itself confirms that nothing changed since (a 412 sends the engine
 * back to a fresh read).
 *
 * @param state  the projection the power and boot steps read (read-only)
 * @param etag   the ETag of that representation; null when the BMC gave none (then the snapshot is never used)
 * @param readAt when it was read, in {@link System#currentTimeMillis()}
 */
public record SystemSnapshot(ObjectNode state, String etag, long readAt) {

    /** True when it may stand for a fresh read at {@code now}. */
    public boolean usableAt(long now, long maxAgeMs) {
        return etag != null && maxAgeMs > 0 && now - readAt <= maxAgeMs;
    }
}
