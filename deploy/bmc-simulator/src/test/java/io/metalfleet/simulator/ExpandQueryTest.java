package io.metalfleet.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.metalfleet.simulator.profile.ExpandDialect;
import io.metalfleet.simulator.profile.Profiles;
import io.metalfleet.simulator.profile.VendorProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code $expand} over real sockets: advertised as each vendor's tree does, served as DSP0266 (dmtf, gpu)
 * or iLO 5 (hpe) says, refused or ignored by the same models without it, and one request in the counters.
 */
class ExpandQueryTest {

    static BmcFleet fleet;
    /** BMC 0-2: dmtf, hpe, gpu as shipped; 3-5: the same models without $expand. */
    static final List<VendorProfile> PROFILES = List.of(Profiles.dmtf(), Profiles.hpe(), Profiles.gpu(),
            Profiles.dmtf().withoutExpand(), Profiles.hpe().withoutExpand(), Profiles.gpu().withoutExpand());

    @BeforeAll
    static void start() {
        fleet = BmcFleet.start(FleetConfig.builder().bmcs(PROFILES.size()).basePort(0).controlPort(-1)
                .latency(Duration.ZERO).profiles(PROFILES).seed(7).build());
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void shouldAdvertiseExpandAsEachVendorsTreeDoesAndNothingWithoutIt() {
        JsonNode dmtf = root(0).at("/ProtocolFeaturesSupported/ExpandQuery");
        assertTrue(dmtf.path("ExpandAll").asBoolean() && dmtf.path("Links").asBoolean() && dmtf.path("NoLinks").asBoolean(), dmtf.toString());
        assertEquals(6, dmtf.path("MaxLevels").asInt());
        JsonNode hpe = root(1).at("/ProtocolFeaturesSupported/ExpandQuery");
        assertFalse(hpe.path("ExpandAll").asBoolean(), hpe.toString());
        assertTrue(hpe.path("NoLinks").asBoolean());
        assertEquals(1, hpe.path("MaxLevels").asInt());
        assertEquals(dmtf, root(2).at("/ProtocolFeaturesSupported/ExpandQuery"), "the gpu profile serves the DMTF tree");
        for (int i = 3; i < 6; i++) {
            JsonNode features = root(i).path("ProtocolFeaturesSupported");
            assertTrue(features.isObject(), "the other features stay: " + features);
            assertTrue(features.path("ExpandQuery").isMissingNode(), fleet.bmc(i).profile() + " without $expand: " + features);
        }
    }

    @Test
    void shouldInlineEveryMemberOfACollectionInOneRequest() {
        for (int i = 0; i < 3; i++) {
            SimulatedBmc b = fleet.bmc(i);
            Redfish rf = new Redfish(b);
            for (String collection : List.of("/Processors", "/Memory", "/EthernetInterfaces")) {
                String path = b.systemPath() + collection;
                JsonNode plain = rf.get(path).json();
                b.resetCounters();
                Redfish.Res expanded = rf.get(path + "?$expand=.($levels=1)");
                assertEquals(200, expanded.status(), expanded.raw().body());
                assertEquals(1, b.requests(), "an expanded read is one request");
                assertEquals(Map.of("GET " + path, 1L), b.requestsByPath());
                JsonNode members = expanded.json().path("Members");
                assertEquals(plain.path("Members").size(), members.size(), path);
                assertEquals(plain.path("Members@odata.count"), expanded.json().path("Members@odata.count"));
                assertTrue(members.size() > 0, path);
                for (int m = 0; m < members.size(); m++) {
                    String member = plain.path("Members").get(m).path("@odata.id").asText();
                    assertEquals(rf.get(member).json(), members.get(m), b.profile() + " " + member + " inlined as read alone");
                }
            }
        }
    }

    @Test
    void shouldExpandWhatDotStarAndTildeNameAndCascadeLevels() {
        SimulatedBmc b = fleet.bmc(0);
        Redfish rf = new Redfish(b);
        String sys = b.systemPath();
        JsonNode dot = rf.get(sys + "?$expand=.").json();
        assertEquals(sys + "/Processors", dot.at("/Processors/@odata.id").asText());
        assertTrue(dot.at("/Processors/Members/0/@odata.id").isTextual(), "one level: the collection, its members stay links");
        assertEquals(1, dot.at("/Processors/Members/0").size(), dot.at("/Processors").toString());
        assertEquals(1, dot.at("/Links/Chassis/0").size(), "'.' leaves Links alone: " + dot.at("/Links"));

        JsonNode two = rf.get(sys + "?$expand=.($levels=2)").json();
        assertEquals("CPU", two.at("/Processors/Members/0/ProcessorType").asText(), "two levels reach the members");

        JsonNode star = rf.get(sys + "?$expand=*").json();
        assertTrue(star.at("/Links/Chassis/0/ChassisType").isTextual(), "'*' expands Links too: " + star.at("/Links/Chassis/0"));
        assertTrue(star.at("/Processors/Members").isArray());

        JsonNode tilde = rf.get(sys + "?$expand=~").json();
        assertTrue(tilde.at("/Links/Chassis/0/ChassisType").isTextual(), "'~' expands Links");
        assertEquals(1, tilde.at("/Processors").size(), "and only Links: " + tilde.at("/Processors"));

        JsonNode encoded = rf.get(b.systemPath() + "/Processors?%24expand=.%28%24levels%3D1%29").json();
        assertTrue(encoded.at("/Members/0/Model").isTextual(), "percent-encoded query: " + encoded);

        Redfish.Res fromRoot = rf.get("/redfish/v1?$expand=*($levels=6)");
        assertEquals(400, fromRoot.status(), "the whole tree six times over is refused, not built");
        assertEquals("Base.1.5.QueryParameterOutOfRange", fromRoot.messageId());
    }

    @Test
    void shouldRefuseMalformedOrUnsupportedExpandAsDsp0266Says() {
        SimulatedBmc b = fleet.bmc(2);
        Redfish rf = new Redfish(b);
        String path = b.systemPath() + "/Processors";
        assertError(rf.get(path + "?$expand=x"), 400, "Base.1.5.QueryParameterValueFormatError");
        assertError(rf.get(path + "?$expand=($levels=1)"), 400, "Base.1.5.QueryParameterValueFormatError");
        assertError(rf.get(path + "?$expand=.($levels=one)"), 400, "Base.1.5.QueryParameterValueFormatError");
        assertError(rf.get(path + "?$expand=.($levels=7)"), 400, "Base.1.5.QueryParameterOutOfRange");
        assertError(rf.get(path + "?$expand=.($levels=0)"), 400, "Base.1.5.QueryParameterOutOfRange");
        assertError(new Redfish(fleet.bmc(3)).get(fleet.bmc(3).systemPath() + "/Processors?$expand=."), 400,
                "Base.1.5.QueryNotSupported");
        assertError(new Redfish(fleet.bmc(5)).get(fleet.bmc(5).systemPath() + "/Processors?$expand=.($levels=1)"), 400,
                "Base.1.5.QueryNotSupported");
    }

    @Test
    void shouldRefuseWhatItAdvertisesWhenUnserved() {
        VendorProfile unserved = Profiles.dmtf().withQuirks(Profiles.dmtf().quirks().withExpand(ExpandDialect.UNSERVED));
        try (BmcFleet one = BmcFleet.start(FleetConfig.builder().bmcs(1).basePort(0).controlPort(-1)
                .latency(Duration.ZERO).profiles(List.of(unserved)).build())) {
            SimulatedBmc b = one.bmc(0);
            JsonNode advertised = new Redfish(b).anonymous().get("/redfish/v1").json().at("/ProtocolFeaturesSupported/ExpandQuery");
            assertTrue(advertised.path("NoLinks").asBoolean(), advertised.toString());
            assertError(new Redfish(b).get(b.systemPath() + "/Processors?$expand=.($levels=1)"), 400, "Base.1.5.QueryNotSupported");
        }
    }

    @Test
    void shouldAnswerAsILoDoes() {
        SimulatedBmc b = fleet.bmc(1);
        Redfish rf = new Redfish(b);
        String sys = b.systemPath();
        for (String form : List.of("*", ".", "($levels=1)", ".($levels=3)")) {
            JsonNode j = rf.get(sys + "?$expand=" + form).json();
            assertTrue(j.at("/Processors/Members").isArray(), form + " expands the links outside Links");
            assertEquals(1, j.at("/Processors/Members/0").size(), form + ": always one level");
            assertEquals(1, j.at("/Links/Chassis/0").size(), form + ": never Links");
        }
        JsonNode tilde = rf.get(sys + "/Processors?$expand=~").json();
        assertEquals(1, tilde.at("/Members/0").size(), "an option iLO does not implement is discarded");
        JsonNode bad = rf.get(sys + "/Processors?$expand=nonsense").json();
        assertEquals(1, bad.at("/Members/0").size(), "so is a malformed one");

        SimulatedBmc ilo4 = fleet.bmc(4);
        Redfish.Res ignored = new Redfish(ilo4).get(ilo4.systemPath() + "/Processors?$expand=.($levels=1)");
        assertEquals(200, ignored.status());
        assertEquals(1, ignored.json().at("/Members/0").size(), "hpe without $expand ignores it");
    }

    @Test
    void shouldKeepOtherQueryParametersAndAnonymousReadsAsBefore() {
        SimulatedBmc b = fleet.bmc(0);
        Redfish rf = new Redfish(b);
        String path = b.systemPath() + "/Processors";
        assertEquals(rf.get(path).json(), rf.get(path + "?foo=bar&$select=Id").json(), "unknown parameters are ignored");
        String raw = rawGet(b, path + "?foo=%zz&$expand=.");
        assertTrue(raw.startsWith("HTTP/1.1 200"), "a query that does not decode is ignored too: " + raw);
        assertTrue(raw.endsWith(rf.get(path).raw().body()), raw);
        Redfish.Res anonymous = new Redfish(b).anonymous().get("/redfish/v1?$expand=.");
        assertEquals(200, anonymous.status());
        assertEquals(1, anonymous.json().path("Systems").size(), "no credentials: the root's links stay links");
        assertEquals(401, new Redfish(b).anonymous().get(path + "?$expand=.").status());
        JsonNode authenticated = rf.get("/redfish/v1?$expand=.").json();
        assertTrue(authenticated.at("/Systems/Members").isArray(), "with credentials the root expands");
        assertError(rf.send("POST", b.systemPath() + "/Actions/ComputerSystem.Reset?$expand=.", "{\"ResetType\":\"Bogus\"}", null),
                400, "Base.1.5.ActionParameterValueNotInList");
    }

    /** A GET written on the socket as it is: java.net.URI refuses a malformed escape before sending it. */
    private static String rawGet(SimulatedBmc b, String target) {
        String auth = java.util.Base64.getEncoder().encodeToString((b.username() + ":" + b.password())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", Integer.parseInt(b.address().split(":")[1]))) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic " + auth
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode root(int i) {
        return new Redfish(fleet.bmc(i)).anonymous().get("/redfish/v1").json();
    }

    private static void assertError(Redfish.Res r, int status, String messageId) {
        assertEquals(status, r.status(), r.raw().body());
        assertEquals(messageId, r.messageId(), r.raw().body());
    }
}
