package io.metalfleet.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.metalfleet.simulator.fault.FaultSpec;
import io.metalfleet.simulator.fault.LatencyModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Address-per-BMC mode over real sockets: BMCs on consecutive loopback addresses and one port, each answering as
 * itself (identity, credentials, sessions, counters), the guard against connections to any other address, the
 * validation of the range and the TLS options that one shared server cannot give per BMC.
 */
class AddressPerBmcTest {

    /** Crosses an octet boundary: 127.3.0.250 ... 127.3.1.1. */
    static final String FIRST = "127.3.0.250";
    static final int SIZE = 8;
    static BmcFleet fleet;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        fleet = BmcFleet.start(FleetConfig.builder().bmcs(SIZE).addressPerBmc(FIRST).basePort(0).latency(Duration.ZERO)
                .profiles("dmtf").eventLoops(2).build());
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void eachBmcShouldAnswerOnItsOwnAddressAndTheOnePortAsItself() {
        int port = fleet.bmc(0).port();
        assertTrue(port > 0);
        assertEquals("127.3.0.250", fleet.bmc(0).host());
        assertEquals("127.3.0.255", fleet.bmc(5).host());
        assertEquals("127.3.1.1", fleet.bmc(7).host());
        assertEquals("http://127.3.1.1:" + port, fleet.bmc(7).url());
        Set<String> serials = new HashSet<>();
        for (SimulatedBmc b : fleet.bmcs()) {
            assertEquals(port, b.port(), "one port for every BMC");
            Redfish rf = new Redfish(b);
            assertEquals(b.uuid(), rf.anonymous().get("/redfish/v1").text("/UUID"), b.address());
            Redfish.Res system = rf.basic(b.username(), b.password()).get(b.systemPath());
            assertEquals(200, system.status(), b.address());
            assertEquals(b.serialNumber(), system.text("/SerialNumber"));
            assertEquals(b.uuid(), system.text("/UUID"));
            serials.add(system.text("/SerialNumber"));
        }
        assertEquals(SIZE, serials.size(), "every address a different BMC");
    }

    @Test
    void oneBmcsPasswordShouldBeRefusedByAnother() {
        SimulatedBmc a = fleet.bmc(1);
        SimulatedBmc b = fleet.bmc(2);
        assertNotEquals(a.password(), b.password());
        assertEquals(200, new Redfish(b).basic(b.username(), b.password()).get(b.systemPath()).status());
        assertEquals(401, new Redfish(b).basic(a.username(), a.password()).get(b.systemPath()).status());
    }

    @Test
    void aSessionShouldBeValidOnlyOnTheBmcThatOpenedIt() {
        SimulatedBmc a = fleet.bmc(3);
        SimulatedBmc b = fleet.bmc(4);
        Redfish.Res login = new Redfish(a).anonymous().post("/redfish/v1/SessionService/Sessions",
                "{\"UserName\":\"" + a.username() + "\",\"Password\":\"" + a.password() + "\"}");
        assertEquals(201, login.status());
        String token = login.header("X-Auth-Token");
        assertNotNull(token);
        assertEquals(1, a.sessionsOpen());
        assertEquals(0, b.sessionsOpen());
        assertEquals(200, new Redfish(a).token(token).get(a.systemPath()).status());
        assertEquals(401, new Redfish(b).token(token).get(b.systemPath()).status());
        assertEquals(204, new Redfish(a).token(token).delete(login.header("Location")).status());
    }

    @Test
    void countersAndConcurrencyShouldBeCountedPerAddress() throws Exception {
        SimulatedBmc busy = fleet.bmc(5);
        SimulatedBmc calm = fleet.bmc(6);
        busy.resetCounters();
        calm.resetCounters();
        busy.faults(FaultSpec.builder().latency(LatencyModel.fixed(Duration.ofMillis(500))).build());
        calm.faults(FaultSpec.builder().latency(LatencyModel.fixed(Duration.ofMillis(500))).build());
        try {
            List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
            for (int i = 0; i < 3; i++) { // three connections to one address, at once
                pending.add(HTTP.sendAsync(get(busy, busy.systemPath()), HttpResponse.BodyHandlers.ofString()));
            }
            pending.add(HTTP.sendAsync(get(calm, calm.systemPath()), HttpResponse.BodyHandlers.ofString()));
            for (CompletableFuture<HttpResponse<String>> p : pending) {
                assertEquals(200, p.join().statusCode());
            }
        } finally {
            busy.clearFaults();
            calm.clearFaults();
        }
        assertEquals(3, busy.requests());
        assertEquals(3, busy.maxConcurrentRequests(), "three requests in flight at once on " + busy.address());
        assertEquals(1, calm.requests());
        assertEquals(1, calm.maxConcurrentRequests());
        assertEquals(0, busy.inFlightRequests());
        assertEquals(3L, busy.requestsByPath().get("GET " + busy.systemPath()));
    }

    @Test
    void aConnectionToAnyOtherAddressOnThePortShouldBeClosedUnanswered() throws Exception {
        int port = fleet.bmc(0).port();
        double refusedBefore = fleet.metrics().refusedConnections();
        // the machine's own address, the address just past the fleet, the one just before it
        for (String stranger : List.of("127.0.0.1", "127.3.1.2", "127.3.0.249")) {
            assertEquals("", exchange(stranger, port, null), stranger + " without a request");
            assertEquals("", exchange(stranger, port, ROOT), stranger + " with a request");
        }
        assertEquals(refusedBefore + 6, fleet.metrics().refusedConnections());
        // the same raw exchange with a BMC's address is answered, and another HTTP version refused as Vert.x does
        assertTrue(exchange(fleet.bmc(7).host(), port, ROOT).startsWith("HTTP/1.1 200"));
        assertTrue(exchange(fleet.bmc(7).host(), port, ROOT.replace("HTTP/1.1", "HTTP/1.2"))
                .startsWith("HTTP/1.2 501"));
    }

    @Test
    void theTlsFailureFaultShouldBeRefusedWithOneServer() throws Exception {
        SimulatedBmc b = fleet.bmc(0);
        FaultSpec tls = FaultSpec.builder().tlsFailure(true).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.faults(tls));
        assertTrue(e.getMessage().contains("tlsFailure"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> fleet.setFaults(1, 7, tls));
        assertTrue(b.faults().isNone(), "nothing applied");
        HttpResponse<String> one = control("PUT", "/bmcs/0/faults", "{\"tlsFailure\":true,\"errorRate\":1}");
        assertEquals(400, one.statusCode(), one.body());
        assertTrue(Redfish.JSON.readTree(one.body()).get("error").asText().contains("tlsFailure"), one.body());
        HttpResponse<String> some = control("PUT", "/faults", "{\"fraction\":0.5,\"seed\":7,\"faults\":{\"tlsFailure\":true}}");
        assertEquals(400, some.statusCode(), some.body());
        assertTrue(fleet.bmcs().stream().allMatch(x -> x.faults().isNone()), "no BMC got any fault");
        // other faults still go through the control API
        HttpResponse<String> ok = control("PUT", "/bmcs/0/faults", "{\"errorRate\":1}");
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(500, new Redfish(b).get(b.systemPath()).status());
        b.clearFaults();
    }

    @Test
    void theControlApiShouldDescribeTheAddresses() throws Exception {
        JsonNode summary = Redfish.JSON.readTree(control("GET", "/fleet", null).body());
        assertTrue(summary.get("addressPerBmc").asBoolean());
        assertEquals("127.3.0.250", summary.get("firstAddress").asText());
        assertEquals("127.3.1.1", summary.get("lastAddress").asText());
        JsonNode inv = Redfish.JSON.readTree(control("GET", "/bmcs", null).body()).get("bmcs");
        int port = fleet.bmc(0).port();
        assertEquals("127.3.0.252:" + port, inv.get(2).get("address").asText());
        assertEquals("http://127.3.0.252:" + port, inv.get(2).get("url").asText());
        assertEquals("127.3.0.252", inv.get(2).get("host").asText());
        assertEquals(port, inv.get(2).get("port").asInt());
        JsonNode one = Redfish.JSON.readTree(control("GET", "/bmcs/2", null).body());
        assertEquals("http://127.3.0.252:" + port, one.get("url").asText());
    }

    @Test
    void rangesOutsideLoopbackOrCoveringTheMachinesOwnAddressShouldBeRefused() {
        for (String[] bad : new String[][] {{"10.0.0.1", "1"}, {"126.255.255.255", "1"}, {"127.0.0.0", "3"},
                {"127.0.0.1", "1"}, {"127.0.0.0", "1"}, {"127.255.255.250", "10"}, {"127.255.255.255", "1"},
                {"localhost", "1"}, {"127.1.0", "1"}, {"127.1.0.256", "1"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FleetConfig.builder()
                    .bmcs(Integer.parseInt(bad[1])).addressPerBmc(bad[0]).build(), bad[0] + " x " + bad[1]);
            assertNotNull(e.getMessage());
        }
        // just inside: right after 127.0.0.1, and up to the last address below the broadcast address
        assertEquals("127.0.0.2", FleetConfig.builder().bmcs(1).addressPerBmc("127.0.0.2").build().addresses().firstAddress());
        assertEquals("127.255.255.254",
                FleetConfig.builder().bmcs(5).addressPerBmc("127.255.255.250").build().addresses().lastAddress());
        assertEquals("127.1.39.16", FleetConfig.builder().bmcs(10_000).addressPerBmc(FleetConfig.DEFAULT_FIRST_ADDRESS)
                .build().addresses().lastAddress());
        assertThrows(IllegalArgumentException.class, () -> FleetConfig.builder().addressPerBmc("127.1.0.1").https(true)
                .selfSignedPerBmc(true).build());
        assertThrows(IllegalArgumentException.class, () -> FleetConfig.builder().addressPerBmc("127.1.0.1")
                .faults(FaultSpec.builder().tlsFailure(true).build()).build());
        assertThrows(IllegalArgumentException.class, () -> FleetConfig.builder().addressPerBmc("127.1.0.1")
                .faults(0.1, FaultSpec.builder().tlsFailure(true).build()).build());
    }

    @Test
    void theCommandLineShouldRefuseABadRangeAndTheTlsOptionsItCannotGive() {
        assertCliRefuses("5 addresses from 127.0.0.0 do not fit", "--address-per-bmc", "127.0.0.0", "--bmcs", "5");
        assertCliRefuses("100 addresses from 192.168.1.10 do not fit", "--address-per-bmc", "192.168.1.10");
        assertCliRefuses("no self-signed certificate per BMC", "--address-per-bmc", "127.1.0.1", "--https",
                "--self-signed-per-bmc");
        assertCliRefuses("no tlsFailure fault per BMC", "--address-per-bmc", "127.1.0.1", "--faults", "0.1", "--fault-tls");
    }

    /** Runs the command line in this JVM: it must stop at its options (exit 2, picocli's) with this message. */
    private static void assertCliRefuses(String message, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--base-port", "0", "--control-port", "-1"));
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = new picocli.CommandLine(new SimulatorMain()).setErr(new PrintWriter(err));
        assertEquals(2, cli.execute(all.toArray(String[]::new)), err.toString());
        assertTrue(err.toString().contains(message), err.toString());
    }

    @Test
    void httpsShouldServeTheFleetCaCertificateOnEveryAddress() throws Exception {
        try (BmcFleet tls = BmcFleet.start(FleetConfig.builder().bmcs(3).addressPerBmc("127.3.2.1").basePort(0)
                .https(true).latency(Duration.ZERO).profiles("hpe").controlPort(-1).build())) {
            String ca = tls.caCertificatePem();
            assertNotNull(ca);
            // a socket of a context that trusts only the fleet CA: the handshake checks the chain, not the host name
            // (the leaf names 127.0.0.1; the engine trusts BMCs by CA or pinned fingerprint, not by name)
            javax.net.ssl.SSLContext trustingCa = HttpsTest.trusting(ca);
            for (SimulatedBmc b : tls.bmcs()) {
                assertTrue(b.url().startsWith("https://127.3.2." + (b.index() + 1) + ":"), b.url());
                try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) trustingCa.getSocketFactory()
                        .createSocket(b.host(), b.port())) {
                    socket.setSoTimeout(10_000);
                    socket.startHandshake();
                    java.security.cert.X509Certificate leaf =
                            (java.security.cert.X509Certificate) socket.getSession().getPeerCertificates()[0];
                    assertTrue(leaf.getIssuerX500Principal().getName().contains("Fleet CA"));
                    assertEquals("EC", leaf.getPublicKey().getAlgorithm());
                    String auth = Base64.getEncoder().encodeToString((b.username() + ":" + b.password())
                            .getBytes(StandardCharsets.UTF_8));
                    socket.getOutputStream().write(("GET " + b.systemPath() + " HTTP/1.1\r\nHost: " + b.host()
                            + "\r\nAuthorization: Basic " + auth + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
                    assertTrue(answer.contains("\"SerialNumber\":\"" + b.serialNumber() + "\""), b.address());
                }
            }
            // the guard over TLS: a connection to another address of the machine gets the handshake, never an answer
            try (javax.net.ssl.SSLSocket stranger = (javax.net.ssl.SSLSocket) trustingCa.getSocketFactory()
                    .createSocket("127.0.0.1", tls.bmc(0).port())) {
                stranger.setSoTimeout(10_000);
                stranger.startHandshake();
                String answer;
                try {
                    stranger.getOutputStream().write("GET /redfish/v1 HTTP/1.1\r\nHost: x\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    answer = new String(stranger.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (java.io.IOException closed) {
                    answer = "";
                }
                assertEquals("", answer);
            }
            assertEquals(1, tls.metrics().refusedConnections());
            assertThrows(IllegalArgumentException.class,
                    () -> tls.bmc(0).faults(FaultSpec.builder().tlsFailure(true).build()));
        }
    }

    static HttpRequest get(SimulatedBmc b, String path) {
        return HttpRequest.newBuilder(URI.create(b.url() + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (b.username() + ":" + b.password()).getBytes(StandardCharsets.UTF_8))).build();
    }

    static HttpResponse<String> control(String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fleet.controlPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    static final String ROOT = "GET /redfish/v1 HTTP/1.1\r\nHost: bmc\r\nConnection: close\r\n\r\n";

    /**
     * Connects to address:port, sends {@code request} unless null, and returns what comes back until the server
     * closes: "" when it closed without an answer (a reset counts as closed: the request was left unread).
     */
    static String exchange(String address, int port, String request) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 5_000);
            s.setSoTimeout(5_000); // a server that neither answers nor closes fails the test with a timeout
            if (request != null) {
                OutputStream out = s.getOutputStream();
                out.write(request.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            InputStream in = s.getInputStream();
            StringBuilder got = new StringBuilder();
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = in.read(buf)) > 0;) {
                    got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                }
            } catch (SocketException reset) {
                // connection reset: closed with the request unread
            }
            return got.toString();
        }
    }
}
