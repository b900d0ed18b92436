package io.metalfleet.simulator;

import io.metalfleet.simulator.fault.FaultSpec;
import io.metalfleet.simulator.fault.LatencyModel;
import io.metalfleet.simulator.profile.Profiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Command line: starts a fleet, writes inventory and CA files, runs until SIGTERM/SIGINT. */
@Command(name = "bmc-simulator", mixinStandardHelpOptions = true,
        description = "A fleet of simulated Redfish BMCs on 127.0.0.1, one port per BMC,"
                + " or (--address-per-bmc) one loopback address per BMC, all on one port.")
public final class SimulatorMain implements Callable<Integer> {

    /** This command as picocli runs it: option errors go to its error stream, with the usage. */
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--bmcs", defaultValue = "100", description = "number of BMCs (default ${DEFAULT-VALUE})")
    int bmcs;
    @Option(names = "--base-port", defaultValue = "20000", description = "BMC i listens on base-port + i; 0 = free ports."
            + " With --address-per-bmc: the one port of every BMC (0 = a free one)")
    int basePort;
    @Option(names = "--address-per-bmc", paramLabel = "FIRST_ADDRESS", description = "BMC i on its own loopback address"
            + " FIRST_ADDRESS + i (e.g. " + FleetConfig.DEFAULT_FIRST_ADDRESS + "), all on --base-port: one server for"
            + " the fleet, bound to 0.0.0.0, closing connections to any other address. Not with --self-signed-per-bmc"
            + " or --fault-tls")
    String addressPerBmc;
    @Option(names = "--control-port", defaultValue = "9900", description = "control API port (default ${DEFAULT-VALUE})")
    int controlPort;
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "loopback address of the control API and,"
            + " one port per BMC, of the BMCs")
    String host;
    @Option(names = "--https", description = "serve Redfish over HTTPS (certificates from a per-fleet CA)")
    boolean https;
    @Option(names = "--self-signed-per-bmc", description = "with --https: a self-signed certificate per BMC")
    boolean selfSigned;
    @Option(names = "--latency-ms", defaultValue = "50", description = "added latency per request, ms (default ${DEFAULT-VALUE})")
    long latencyMs;
    @Option(names = "--latency", description = "latency distribution instead: fixed:50, uniform:20-200, exp:50-2000")
    String latency;
    @Option(names = "--power-transition-ms", defaultValue = "1000", description = "PoweringOn/PoweringOff duration")
    long transitionMs;
    @Option(names = "--boot-time-ms", defaultValue = "3000", description = "power-on to BootProgress OSRunning")
    long bootMs;
    @Option(names = "--seed", defaultValue = "42", description = "seed of identities, hardware and fault selection")
    long seed;
    @Option(names = "--profiles", split = ",", defaultValue = "dmtf,hpe,gpu", description = "profile mix, BMC i gets profile i mod n")
    List<String> profiles;
    @Option(names = "--no-expand", description = "profiles without $expand: none advertised in the service root;"
            + " dmtf and gpu answer it 400 QueryNotSupported, hpe ignores it (as iLO 4)")
    boolean noExpand;
    @Option(names = "--powered-on", description = "hosts start powered on (default off)")
    boolean poweredOn;
    @Option(names = "--event-loops", defaultValue = "0", description = "Vert.x event loops (0 = one per core)")
    int eventLoops;
    @Option(names = "--username", description = "same user on every BMC (with --password)")
    String username;
    @Option(names = "--password", description = "same password on every BMC (with --username)")
    String password;
    @Option(names = "--faults", defaultValue = "0", description = "fraction of BMCs (seeded) that get the fault options below")
    double faultFraction;
    @Option(names = "--fault-latency", description = "faulty BMCs: latency distribution (e.g. exp:500-5000)")
    String faultLatency;
    @Option(names = "--fault-error-rate", defaultValue = "0", description = "faulty BMCs: rate of HTTP 500")
    double errorRate;
    @Option(names = "--fault-unavailable-rate", defaultValue = "0", description = "faulty BMCs: rate of 503 + Retry-After")
    double unavailableRate;
    @Option(names = "--fault-reset-rate", defaultValue = "0", description = "faulty BMCs: rate of TCP resets")
    double resetRate;
    @Option(names = "--fault-timeout-rate", defaultValue = "0", description = "faulty BMCs: rate of requests never answered")
    double timeoutRate;
    @Option(names = "--fault-tls", description = "faulty BMCs: expired TLS certificate")
    boolean tlsFailure;
    @Option(names = "--fault-stuck-power", description = "faulty BMCs: power transitions never finish")
    boolean stuckPower;
    @Option(names = "--fault-stuck-boot", description = "faulty BMCs: hosts power on but never reach BootProgress OSRunning")
    boolean stuckBoot;
    @Option(names = "--fault-flap-ms", defaultValue = "0", description = "faulty BMCs: PowerState flips every this many ms")
    long flapMs;
    @Option(names = "--fault-session-exhaustion", description = "faulty BMCs: every login fails as if the cap were reached")
    boolean sessionExhaustion;
    @Option(names = "--inventory-file", description = "write the inventory JSON here")
    Path inventoryFile;
    @Option(names = "--ca-file", description = "write the fleet CA certificate (PEM) here (--https)")
    Path caFile;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulatorMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        FleetConfig.Builder b = FleetConfig.builder().bmcs(bmcs).host(host).basePort(basePort).controlPort(controlPort)
                .addressPerBmc(addressPerBmc).https(https).selfSignedPerBmc(selfSigned)
                .latency(latency != null ? LatencyModel.parse(latency) : LatencyModel.fixed(Duration.ofMillis(latencyMs)))
                .powerTransition(Duration.ofMillis(transitionMs)).bootTime(Duration.ofMillis(bootMs)).seed(seed)
                .profiles(profiles.stream().map(Profiles::byId).map(p -> noExpand ? p.withoutExpand() : p).toList())
                .poweredOn(poweredOn);
        if (eventLoops > 0) {
            b.eventLoops(eventLoops);
        }
        if (username != null || password != null) {
            if (username == null || password == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--username and --password go together");
            }
            b.credentials(username, password);
        }
        if (faultFraction > 0) {
            b.faults(faultFraction, new FaultSpec(faultLatency == null ? null : LatencyModel.parse(faultLatency),
                    errorRate, unavailableRate, 1, resetRate, timeoutRate, tlsFailure, stuckPower, flapMs,
                    sessionExhaustion, stuckBoot));
        }
        FleetConfig config;
        try {
            config = b.build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        long t0 = System.nanoTime();
        BmcFleet fleet = BmcFleet.start(config);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            fleet.close();
            stop.countDown();
        }, "simulator-shutdown"));
        if (inventoryFile != null) {
            fleet.writeInventory(inventoryFile);
        }
        if (caFile != null && fleet.caCertificatePem() != null) {
            fleet.writeCaCertificate(caFile);
        }
        String where = fleet.addresses() != null
                ? String.format("%s-%s port %d", fleet.addresses().firstAddress(), fleet.addresses().lastAddress(),
                        fleet.bmc(0).port())
                : String.format("%s ports %d-%d", host, fleet.bmc(0).port(), fleet.bmc(fleet.size() - 1).port());
        System.out.printf("bmc-simulator: %d BMCs on %s (%s), control API http://%s:%d, started in %d ms%n",
                fleet.size(), where, https ? "https" : "http", host, fleet.controlPort(), (System.nanoTime() - t0) / 1_000_000);
        if (inventoryFile != null) {
            System.out.println("bmc-simulator: inventory " + inventoryFile.toAbsolutePath());
        }
        System.out.flush();
        stop.await();
        return 0;
    }
}
