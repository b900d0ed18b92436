package io.metalfleet.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metalfleet.simulator.control.ControlApi;
import io.metalfleet.simulator.control.FleetMetrics;
import io.metalfleet.simulator.fault.FaultPlanner;
import io.metalfleet.simulator.fault.FaultSpec;
import io.metalfleet.simulator.fault.LatencyModel;
import io.metalfleet.simulator.fleet.BmcState;
import io.metalfleet.simulator.fleet.Clock;
import io.metalfleet.simulator.fleet.Host;
import io.metalfleet.simulator.fleet.HostTiming;
import io.metalfleet.simulator.fleet.Identity;
import io.metalfleet.simulator.fleet.Inventory;
import io.metalfleet.simulator.net.AddressRouting;
import io.metalfleet.simulator.net.LoopbackRange;
import io.metalfleet.simulator.profile.VendorProfile;
import io.metalfleet.simulator.redfish.Json;
import io.metalfleet.simulator.redfish.ProfileTemplates;
import io.metalfleet.simulator.redfish.RequestPipeline;
import io.metalfleet.simulator.tls.FleetCa;
import io.metalfleet.simulator.tls.KeyCert;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Verticle;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SSLOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A running fleet of simulated BMCs: one Vert.x HTTP(S) server per BMC, all sharing the event loops, or in
 * address-per-BMC mode ({@link FleetConfig#addressPerBmc()}) one server for all, each BMC on its own loopback
 * address. {@link #start(FleetConfig)} blocks until every BMC listens; {@link #close()} stops them all.
 */
public final class BmcFleet implements AutoCloseable {

    private final FleetConfig config;
    private final Vertx vertx;
    private final FleetMetrics metrics = new FleetMetrics();
    private final List<SimulatedBmc> bmcs;
    private final RequestPipeline pipeline;
    private final FleetCa ca;
    private final KeyCert sharedCert;
    /** The BMCs' addresses in address-per-BMC mode; null: a port per BMC. */
    private final LoopbackRange addresses;
    private KeyCert expiredCert;
    private KeyCert[] ownCerts;
    private ControlApi control;

    private BmcFleet(FleetConfig config) {
        this.config = config;
        this.addresses = config.addresses();
        // epoll where Netty's native library loads (Linux), NIO elsewhere: same behaviour, less CPU per request
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(config.eventLoops()).setPreferNativeTransport(true)
                .setWorkerPoolSize(2).setInternalBlockingPoolSize(2)
                .setBlockedThreadCheckInterval(10).setBlockedThreadCheckIntervalUnit(TimeUnit.SECONDS));
        Map<VendorProfile, ProfileTemplates> templates = new IdentityHashMap<>();
        config.profiles().forEach(p -> templates.put(p, ProfileTemplates.of(p)));
        HostTiming timing = new HostTiming(config.powerTransition().toMillis(), config.bootTime().toMillis());
        this.pipeline = new RequestPipeline(vertx, timing, templates, metrics, config.latency());
        this.ca = config.https() ? new FleetCa() : null;
        this.sharedCert = ca != null && !config.selfSignedPerBmc() ? ca.serverCertificate(config.host()) : null;
        List<SimulatedBmc> list = new ArrayList<>(config.bmcs());
        long now = Clock.nowMs();
        for (int i = 0; i < config.bmcs(); i++) {
            VendorProfile p = config.profileOf(i);
            Identity id = Identity.draw(p, config.seed(), i);
            if (config.username() != null) {
                id = new Identity(id.uuid(), id.serialNumber(), id.assetTag(), config.username(), config.password(),
                        id.macBase(), id.hostName());
            }
            var hw = p.drawHardware(new Random(config.seed() * 7_919L + i));
            list.add(new SimulatedBmc(new BmcState(i, p, id, hw, new Host(timing, config.poweredOn(), now)), this));
        }
        this.bmcs = Collections.unmodifiableList(list);
        metrics.gauge("simulator.bmcs", "BMCs in the fleet", list::size);
        metrics.gauge("simulator.sessions.open", "Redfish sessions open on all BMCs",
                () -> list.stream().mapToInt(SimulatedBmc::sessionsOpen).sum());
        metrics.gauge("simulator.requests.in_flight", "Redfish requests being served",
                () -> list.stream().mapToInt(SimulatedBmc::inFlightRequests).sum());
        metrics.gauge("simulator.hosts.powered_on", "Hosts whose PowerState is On",
                () -> list.stream().filter(b -> Host.ON.equals(b.powerState())).count());
    }

    /** Starts the fleet and returns once every BMC and the control API listen. */
    public static BmcFleet start(FleetConfig config) {
        BmcFleet fleet = new BmcFleet(config);
        try {
            fleet.listen();
            if (config.faults() != null && !config.faults().isNone()) {
                fleet.bmcs.forEach(b -> fleet.applyFaults(b.state(), config.faults(), true));
            }
            if (config.faultFraction() > 0) {
                fleet.setFaults(config.faultFraction(), config.seed(), config.fractionFaults());
            }
            return fleet;
        } catch (RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    private void listen() {
        if (addresses != null) {
            listenOnePortForAll();
        } else {
            listenPortPerBmc();
        }
        if (config.controlPort() >= 0) {
            control = new ControlApi(this, vertx);
            await(control.listen(config.host(), config.controlPort()), "control API");
        }
    }

    /** One {@code HttpServer} per BMC, BMC i on host:basePort+i. */
    private void listenPortPerBmc() {
        List<Future<HttpServer>> pending = new ArrayList<>(bmcs.size());
        // a self-signed certificate per BMC means an EC key pair per BMC (~10-20 ms each): use every core
        KeyCert[] own = ownCerts = ca != null && sharedCert == null
                ? java.util.stream.IntStream.range(0, bmcs.size()).parallel().mapToObj(i -> FleetCa.selfSigned(
                        config.host(), "BMC-" + bmcs.get(i).serialNumber())).toArray(KeyCert[]::new)
                : null;
        for (SimulatedBmc b : bmcs) {
            BmcState s = b.state();
            HttpServerOptions o = bmcServerOptions(config.basePort() == 0 ? 0 : config.basePort() + s.index())
                    .setHost(config.host());
            if (ca != null) {
                KeyCert kc = sharedCert != null ? sharedCert : own[s.index()];
                o.setSsl(true).setKeyCertOptions(kc.options());
            }
            HttpServer server = vertx.createHttpServer(o).requestHandler(req -> pipeline.handle(s, req));
            pending.add(server.listen().onSuccess(srv -> s.bound(srv, srv.actualPort())));
        }
        await(Future.all(pending), "BMC servers (ports " + config.basePort() + "+, check ulimit -n and free ports)");
    }

    /**
     * Address per BMC: one server on 0.0.0.0:port per event loop (Vert.x shares the one listening socket between
     * them and spreads the connections), each connection routed to its BMC by the address it was made to
     * ({@link AddressRouting}, which also closes connections made to any other address of the machine).
     */
    private void listenOnePortForAll() {
        AddressRouting routing = new AddressRouting(addresses, bmcs.stream().map(SimulatedBmc::state).toList(),
                pipeline, metrics::connectionRefused);
        // port 0: a negative port makes Vert.x share one free port between the servers that listen on it
        HttpServerOptions o = bmcServerOptions(config.basePort() == 0 ? -1 : config.basePort()).setHost("0.0.0.0");
        if (ca != null) {
            o.setSsl(true).setKeyCertOptions(sharedCert.options());
        }
        AtomicInteger port = new AtomicInteger();
        // a verticle instance per event loop, each listening from its own context: servers created from this thread
        // would all share its one (sticky) context, hence one event loop
        Supplier<Verticle> server = () -> new AbstractVerticle() {
            @Override
            public void start(Promise<Void> started) {
                vertx.createHttpServer(new HttpServerOptions(o)).connectionHandler(routing)
                        .requestHandler(AddressRouting::unrouted).listen()
                        .onSuccess(s -> port.set(s.actualPort())).<Void>mapEmpty().onComplete(started);
            }
        };
        await(vertx.deployVerticle(server, new DeploymentOptions().setInstances(config.eventLoops())),
                "BMC server (0.0.0.0:" + config.basePort() + " for " + addresses.firstAddress() + "-"
                        + addresses.lastAddress() + ")");
        bmcs.forEach(b -> b.state().bound(null, port.get()));
    }

    private static HttpServerOptions bmcServerOptions(int port) {
        return new HttpServerOptions().setPort(port).setReuseAddress(true).setTcpNoDelay(true).setAcceptBacklog(256)
                // a BMC speaks HTTP/1.1 only: no h2c upgrade check and no WebSocket extension handler per request
                .setHttp2ClearTextEnabled(false).setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false);
    }

    // ---- library API

    public FleetConfig config() { return config; }
    public List<SimulatedBmc> bmcs() { return bmcs; }
    public SimulatedBmc bmc(int index) { return bmcs.get(index); }
    public int size() { return bmcs.size(); }
    public int controlPort() { return control == null ? -1 : control.port(); }
    public FleetMetrics metrics() { return metrics; }
    public Vertx vertx() { return vertx; }
    /** The BMCs' addresses in address-per-BMC mode, null with a port per BMC. */
    public LoopbackRange addresses() { return addresses; }

    /** The address BMC {@code index} answers on: its own in address-per-BMC mode, else the fleet's host. */
    public String hostOf(int index) {
        return addresses != null ? addresses.address(index) : config.host();
    }

    /** PEM of the fleet CA (https fleets with the shared certificate), else null. */
    public String caCertificatePem() {
        // with self-signed BMC certificates no BMC presents a CA-signed one: there is nothing to trust
        return ca == null || config.selfSignedPerBmc() ? null : ca.caCertificatePem();
    }

    /** The certificate BMCs present: the fleet CA's, or null for plain HTTP. */
    public void writeCaCertificate(Path file) {
        String pem = caCertificatePem();
        if (pem == null) {
            throw new IllegalStateException("no fleet CA: the fleet is not https or uses self-signed certificates");
        }
        write(file, pem);
    }

    public ObjectNode inventory() {
        ObjectNode inv = Json.object();
        inv.put("bmcCount", bmcs.size()).put("https", config.https()).put("selfSignedPerBmc", config.selfSignedPerBmc())
                .put("controlPort", controlPort()).put("seed", config.seed());
        ArrayNode list = inv.putArray("bmcs");
        bmcs.forEach(b -> list.add(Inventory.entry(b.state(), hostOf(b.index()), config.https())));
        return inv;
    }

    public void writeInventory(Path file) {
        try {
            write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(inventory()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Gives a seeded fraction of the fleet these faults; returns the indices chosen. */
    public List<Integer> setFaults(double fraction, long seed, FaultSpec spec) {
        checkFaults(spec);
        List<Integer> chosen = FaultPlanner.pick(bmcs.size(), fraction, seed);
        chosen.forEach(i -> applyFaults(bmcs.get(i).state(), spec, true));
        return chosen;
    }

    public void clearFaults() {
        bmcs.forEach(b -> applyFaults(b.state(), FaultSpec.NONE, true));
    }

    /** Fleet-wide latency, for BMCs without a latency fault of their own. */
    public void latency(LatencyModel model) { pipeline.fleetLatency(model); }
    public LatencyModel latency() { return pipeline.fleetLatency(); }

    public void resetCounters() {
        bmcs.forEach(SimulatedBmc::resetCounters);
    }

    /**
     * Throws when this fleet cannot give a BMC these faults: a TLS failure swaps the BMC's server's certificate,
     * and in address-per-BMC mode every BMC shares one server.
     */
    public void checkFaults(FaultSpec spec) {
        if (addresses != null && spec != null && spec.tlsFailure()) {
            throw new IllegalArgumentException("tlsFailure is not available: " + FleetConfig.ONE_SERVER
                    + " (start the fleet with a port per BMC for it)");
        }
    }

    /**
     * Applies faults; a TLS failure swaps the BMC's certificate for an expired one (Vert.x updates a
     * listening server's SSL options in place). Blocks for that unless called on an event loop.
     */
    Future<Boolean> applyFaults(BmcState s, FaultSpec spec, boolean wait) {
        checkFaults(spec);
        boolean tlsBefore = s.faults().tlsFailure();
        s.faults(spec);
        if (ca == null || s.server() == null || tlsBefore == s.faults().tlsFailure()) {
            return Future.succeededFuture(false);
        }
        KeyCert kc = s.faults().tlsFailure() ? expired() : sharedCert != null ? sharedCert : ownCerts[s.index()];
        Future<Boolean> f = s.server().updateSSLOptions(new SSLOptions().setKeyCertOptions(kc.options()));
        if (wait && !Context.isOnEventLoopThread()) {
            await(f, "TLS update");
        }
        return f;
    }

    public Future<Boolean> applyFaultsAsync(int index, FaultSpec spec) {
        return applyFaults(bmcs.get(index).state(), spec, false);
    }

    private synchronized KeyCert expired() {
        if (expiredCert == null) {
            expiredCert = ca.expiredCertificate(config.host());
        }
        return expiredCert;
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing is best effort: the process or test is ending anyway
        }
    }

    private static <T> T await(Future<T> f, String what) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot start " + what + ": " + cause.getMessage(), cause);
        }
    }

    private static void write(Path file, String text) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
