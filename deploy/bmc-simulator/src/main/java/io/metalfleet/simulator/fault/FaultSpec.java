package io.metalfleet.simulator.fault;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The faults one BMC currently suffers. Immutable: changing faults swaps the whole object, so a request
 * sees one consistent set. Rates are per request, between 0 and 1.
 *
 * @param latency            replaces the fleet's latency for this BMC (null: keep the fleet's)
 * @param errorRate          answer 500 with a Redfish error body
 * @param unavailableRate    answer 503 with Retry-After
 * @param retryAfterSeconds  the Retry-After of those 503s
 * @param resetRate          reset the TCP connection (RST) instead of answering
 * @param timeoutRate        never answer (the client must time out)
 * @param tlsFailure         serve an expired certificate, so TLS clients that verify fail the handshake
 * @param stuckPower         power transitions never finish (PoweringOn/PoweringOff forever)
 * @param flapPeriodMs       reported PowerState flips every this many ms (0: stable)
 * @param sessionExhaustion  every session login fails as if the cap were reached
 * @param stuckBoot          the host powers on but its boot never completes: BootProgress stays at OSBootStarted
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
@JsonIgnoreProperties(ignoreUnknown = false)
public record FaultSpec(
        LatencyModel latency,
        double errorRate,
        double unavailableRate,
        int retryAfterSeconds,
        double resetRate,
        double timeoutRate,
        boolean tlsFailure,
        boolean stuckPower,
        long flapPeriodMs,
        boolean sessionExhaustion,
        boolean stuckBoot) {

    public static final FaultSpec NONE = new FaultSpec(null, 0, 0, 0, 0, 0, false, false, 0, false, false);

    public FaultSpec {
        checkRate("errorRate", errorRate);
        checkRate("unavailableRate", unavailableRate);
        checkRate("resetRate", resetRate);
        checkRate("timeoutRate", timeoutRate);
        if (retryAfterSeconds < 0 || flapPeriodMs < 0) {
            throw new IllegalArgumentException("retryAfterSeconds and flapPeriodMs must be >= 0");
        }
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isNone() {
        return equals(NONE);
    }

    public boolean affectsRequests() {
        return errorRate > 0 || unavailableRate > 0 || resetRate > 0 || timeoutRate > 0;
    }

    public int retryAfterOrDefault() {
        return retryAfterSeconds > 0 ? retryAfterSeconds : 1;
    }

    public static Builder builder() {
        return new Builder();
    }

    private static void checkRate(String name, double v) {
        if (v < 0 || v > 1 || Double.isNaN(v)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1");
        }
    }

    /** Fluent construction for tests: {@code FaultSpec.builder().unavailableRate(1).retryAfterSeconds(2).build()}. */
    public static final class Builder {
        private LatencyModel latency;
        private double errorRate;
        private double unavailableRate;
        private int retryAfterSeconds;
        private double resetRate;
        private double timeoutRate;
        private boolean tlsFailure;
        private boolean stuckPower;
        private long flapPeriodMs;
        private boolean sessionExhaustion;
        private boolean stuckBoot;

        public Builder latency(LatencyModel v) { latency = v; return this; }
        public Builder errorRate(double v) { errorRate = v; return this; }
        public Builder unavailableRate(double v) { unavailableRate = v; return this; }
        public Builder retryAfterSeconds(int v) { retryAfterSeconds = v; return this; }
        public Builder resetRate(double v) { resetRate = v; return this; }
        public Builder timeoutRate(double v) { timeoutRate = v; return this; }
        public Builder tlsFailure(boolean v) { tlsFailure = v; return this; }
        public Builder stuckPower(boolean v) { stuckPower = v; return this; }
        public Builder flapPeriodMs(long v) { flapPeriodMs = v; return this; }
        public Builder sessionExhaustion(boolean v) { sessionExhaustion = v; return this; }
        public Builder stuckBoot(boolean v) { stuckBoot = v; return this; }

        public FaultSpec build() {
            return new FaultSpec(latency, errorRate, unavailableRate, retryAfterSeconds, resetRate, timeoutRate,
                    tlsFailure, stuckPower, flapPeriodMs, sessionExhaustion, stuckBoot);
        }
    }
}
