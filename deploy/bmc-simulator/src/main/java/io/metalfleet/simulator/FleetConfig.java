package io.metalfleet.simulator;

import io.metalfleet.simulator.fault.FaultSpec;
import io.metalfleet.simulator.fault.LatencyModel;
import io.metalfleet.simulator.net.LoopbackRange;
import io.metalfleet.simulator.profile.Profiles;
import io.metalfleet.simulator.profile.VendorProfile;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything a fleet is started with. Defaults are the issue's: 100 BMCs from port 20000, 50 ms latency,
 * 1 s power transitions, session cap from the profile (8 on most), all three profiles mixed (BMC i gets
 * profile i mod profiles), hosts powered off, one port per BMC on 127.0.0.1. Build with {@link #builder()}.
 *
 * <p>{@code addressPerBmc} (null: off) is the first address of the address-per-BMC mode: BMC i on its own
 * loopback address (first + i) and all of them on the one port {@code basePort} (0: a free one), served by one
 * server instead of a server per BMC. The TLS choices that need a server per BMC (a self-signed certificate per
 * BMC, the tlsFailure fault) are refused in that mode.
 */
public record FleetConfig(
        int bmcs,
        String host,
        int basePort,
        int controlPort,
        boolean https,
        boolean selfSignedPerBmc,
        LatencyModel latency,
        Duration powerTransition,
        Duration bootTime,
        long seed,
        List<VendorProfile> profiles,
        FaultSpec faults,
        double faultFraction,
        FaultSpec fractionFaults,
        boolean poweredOn,
        int eventLoops,
        String username,
        String password,
        String addressPerBmc) {

    /** The first BMC address a fleet in address-per-BMC mode gets unless told otherwise. */
    public static final String DEFAULT_FIRST_ADDRESS = "127.1.0.1";

    /** Why the TLS options that need a server per BMC are refused in address-per-BMC mode. */
    static final String ONE_SERVER = "with an address per BMC every BMC is served by one server with one certificate";

    public FleetConfig {
        if (bmcs < 1) {
            throw new IllegalArgumentException("bmcs must be >= 1");
        }
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException("at least one profile");
        }
        Objects.requireNonNull(latency);
        Objects.requireNonNull(faults);
        if (addressPerBmc == null && basePort != 0 && basePort + bmcs > 65536) {
            throw new IllegalArgumentException("ports " + basePort + ".." + (basePort + bmcs - 1) + " exceed 65535");
        }
        if (addressPerBmc != null) {
            LoopbackRange.of(addressPerBmc, bmcs); // throws when the range leaves 127/8 or covers 127.0.0.1
            if (basePort < 0 || basePort > 65535) {
                throw new IllegalArgumentException("port " + basePort + " is not a TCP port (0 = a free one)");
            }
            if (selfSignedPerBmc) {
                throw new IllegalArgumentException(ONE_SERVER + ": no self-signed certificate per BMC"
                        + " (use one port per BMC for that)");
            }
            if (faults.tlsFailure() || (faultFraction > 0 && fractionFaults.tlsFailure())) {
                throw new IllegalArgumentException(ONE_SERVER + ": no tlsFailure fault per BMC"
                        + " (use one port per BMC for that)");
            }
        }
    }

    /** The BMCs' addresses in address-per-BMC mode, null in port-per-BMC mode. */
    public LoopbackRange addresses() {
        return addressPerBmc == null ? null : LoopbackRange.of(addressPerBmc, bmcs);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The profile of BMC {@code index}: round-robin, so BMC 0 is the first profile, 1 the second... */
    public VendorProfile profileOf(int index) {
        return profiles.get(index % profiles.size());
    }

    /** Fluent builder with the defaults of the issue. */
    public static final class Builder {
        private int bmcs = 100;
        private String host = "127.0.0.1";
        private int basePort = 20000;
        private int controlPort = 0;
        private boolean https;
        private boolean selfSignedPerBmc;
        private LatencyModel latency = LatencyModel.fixed(Duration.ofMillis(50));
        private Duration powerTransition = Duration.ofSeconds(1);
        private Duration bootTime = Duration.ofSeconds(3);
        private long seed = 42;
        private List<VendorProfile> profiles = Profiles.all();
        private FaultSpec faults = FaultSpec.NONE;
        private double faultFraction;
        private FaultSpec fractionFaults = FaultSpec.NONE;
        private boolean poweredOn;
        private int eventLoops = Math.max(1, Runtime.getRuntime().availableProcessors());
        private String username;
        private String password;
        private String addressPerBmc;

        public Builder bmcs(int n) { bmcs = n; return this; }
        /** Loopback address of the control API and, one port per BMC, of every BMC (default 127.0.0.1). */
        public Builder host(String h) { host = h; return this; }
        /** BMC i listens on basePort + i; 0 picks free ports. With {@link #addressPerBmc}: the one port of every BMC. */
        public Builder basePort(int p) { basePort = p; return this; }
        /**
         * Address-per-BMC mode: BMC i on loopback address {@code firstAddress} + i (e.g. "127.1.0.1",
         * {@link FleetConfig#DEFAULT_FIRST_ADDRESS}), all on port {@link #basePort}; null: one port per BMC (the default).
         */
        public Builder addressPerBmc(String firstAddress) { addressPerBmc = firstAddress; return this; }
        /** Port of the control API; 0 picks a free one (the library default), -1 starts none. */
        public Builder controlPort(int p) { controlPort = p; return this; }
        public Builder https(boolean b) { https = b; return this; }
        public Builder selfSignedPerBmc(boolean b) { selfSignedPerBmc = b; return this; }
        public Builder latency(Duration d) { latency = LatencyModel.fixed(d); return this; }
        public Builder latency(LatencyModel m) { latency = m; return this; }
        public Builder powerTransition(Duration d) { powerTransition = d; return this; }
        public Builder bootTime(Duration d) { bootTime = d; return this; }
        public Builder seed(long s) { seed = s; return this; }
        public Builder profiles(List<VendorProfile> p) { profiles = List.copyOf(p); return this; }
        public Builder profiles(String... ids) { profiles = java.util.Arrays.stream(ids).map(Profiles::byId).toList(); return this; }
        /** Faults of every BMC from the start. */
        public Builder faults(FaultSpec f) { faults = f; return this; }
        /** Faults of a seeded fraction of the fleet (on top of {@link #faults}). */
        public Builder faults(double fraction, FaultSpec f) { faultFraction = fraction; fractionFaults = f; return this; }
        public Builder poweredOn(boolean b) { poweredOn = b; return this; }
        public Builder eventLoops(int n) { eventLoops = n; return this; }
        /** Same credentials on every BMC (default: user admin, a password per BMC from the seed). */
        public Builder credentials(String user, String pass) { username = user; password = pass; return this; }

        public FleetConfig build() {
            return new FleetConfig(bmcs, host, basePort, controlPort, https, selfSignedPerBmc, latency,
                    powerTransition, bootTime, seed, profiles, faults, faultFraction, fractionFaults, poweredOn,
                    eventLoops, username, password, addressPerBmc);
        }
    }
}
