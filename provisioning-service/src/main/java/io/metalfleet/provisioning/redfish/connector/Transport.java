package io.metalfleet.provisioning.redfish.connector;

import io.smallrye.mutiny.Uni;

/**
 * One attempt of one request under the BMC's limits (permits, breaker, timeout), with the given
 * authorization header (or none). What the session cache uses to log in and out, so that logins
 * count against the same per-BMC limit as everything else.
 */
public interface Transport {

    Uni<RedfishResponse> exchange(BmcTarget target, RedfishCall call, String authHeader, String authValue);

    /** The same under the retry policy (transport errors and 5xx, honouring Retry-After). */
    Uni<RedfishResponse> exchangeRetrying(BmcTarget target, RedfishCall call, String authHeader, String authValue);
}
