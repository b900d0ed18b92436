package io.metalfleet.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionAndAuthTest {

    static BmcFleet fleet;

    @BeforeAll
    static void start() {
        fleet = BmcFleet.start(FleetConfig.builder().bmcs(6).basePort(0).https(false).latency(Duration.ZERO)
                .powerTransition(Duration.ofMillis(200)).seed(42).build());
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    static String login(SimulatedBmc b) {
        return "{\"UserName\":\"" + b.username() + "\",\"Password\":\"" + b.password() + "\"}";
    }

    @Test
    void shouldServeServiceRootWithoutCredentialsAndShowVendor() {
        Redfish.Res root = new Redfish(fleet.bmc(1)).anonymous().get("/redfish/v1/");
        assertEquals(200, root.status());
        assertEquals("HPE", root.text("/Vendor"));
        assertTrue(root.json().at("/Oem/Hpe").isObject());
        assertEquals(fleet.bmc(1).uuid(), root.text("/UUID"));
        Redfish.Res dmtf = new Redfish(fleet.bmc(0)).anonymous().get("/redfish/v1");
        assertEquals("Contoso", dmtf.text("/Vendor"));
        assertEquals("dmtf", dmtf.text("/Oem/Contoso/Profile"));
    }

    @Test
    void shouldAnswer401WithoutOrWithWrongCredentials() {
        SimulatedBmc b = fleet.bmc(0);
        Redfish.Res none = new Redfish(b).anonymous().get(b.systemPath());
        assertEquals(401, none.status());
        assertEquals("Base.1.5.NoValidSession", none.messageId());
        assertEquals(401, new Redfish(b).basic(b.username(), "wrong").get(b.systemPath()).status());
        assertEquals(401, new Redfish(b).token("not-a-token").get(b.systemPath()).status());
        assertEquals(200, new Redfish(b).get(b.systemPath()).status());
    }

    @Test
    void shouldCreateUseAndDeleteASession() {
        SimulatedBmc b = fleet.bmc(3);
        Redfish rf = new Redfish(b).anonymous();
        Redfish.Res created = rf.post("/redfish/v1/SessionService/Sessions", login(b));
        assertEquals(201, created.status());
        String token = created.header("X-Auth-Token");
        String location = created.header("Location");
        assertNotNull(token);
        assertTrue(location.startsWith("/redfish/v1/SessionService/Sessions/"), location);
        assertEquals(1, b.sessionsOpen());
        rf.token(token);
        assertEquals(200, rf.get(b.systemPath()).status());
        assertEquals(1, rf.get("/redfish/v1/SessionService/Sessions").json().get("Members@odata.count").asInt());
        assertEquals(204, rf.delete(location).status());
        assertEquals(0, b.sessionsOpen());
        assertEquals(401, rf.get(b.systemPath()).status());
    }

    @Test
    void shouldRejectLoginBeyondTheCapInTheVendorsStyle() {
        // DMTF profile: cap 8, 503 + Retry-After; HPE: cap 8, 400 with iLO's error code; GPU: cap 4
        assertCap(fleet.bmc(0), 8, 503, "Base.1.5.GeneralError");
        assertCap(fleet.bmc(4), 8, 400, "iLO.0.10.ExtendedInfo");
        assertCap(fleet.bmc(5), 4, 503, "Base.1.5.GeneralError");
    }

    private void assertCap(SimulatedBmc b, int cap, int status, String code) {
        Redfish rf = new Redfish(b).anonymous();
        List<String> locations = new ArrayList<>();
        for (int i = 0; i < cap; i++) {
            Redfish.Res r = rf.post("/redfish/v1/SessionService/Sessions", login(b));
            assertEquals(201, r.status(), "session " + (i + 1) + " of " + cap);
            locations.add(r.header("Location"));
        }
        Redfish.Res over = rf.post("/redfish/v1/SessionService/Sessions", login(b));
        assertEquals(status, over.status());
        assertEquals(code, over.text("/error/code"));
        assertTrue(over.messageId().endsWith("CreateLimitReachedForResource"), over.messageId());
        assertEquals(cap, b.sessionsOpen());
        assertEquals(1, b.sessionsRejected());
        // logging one out frees a slot
        assertEquals(204, new Redfish(b).delete(locations.get(0)).status());
        assertEquals(201, rf.post("/redfish/v1/SessionService/Sessions", login(b)).status());
        b.dropSessions();
    }

    @Test
    void shouldDescribeEachBmcInTheLibraryApi() {
        SimulatedBmc b = fleet.bmc(2);
        assertEquals("gpu", b.profile());
        assertTrue(b.address().matches("127\\.0\\.0\\.1:\\d+"), b.address());
        assertTrue(b.url().startsWith("http://127.0.0.1:"));
        assertTrue(b.expectedHardware().gpuCount() >= 4);
        assertEquals("/redfish/v1/Systems/1", b.systemPath());
    }
}
