package io.metalfleet.provisioning.redfish.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.metalfleet.provisioning.redfish.power.PowerControl;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/** The power path's projection of a ComputerSystem: exactly the named fields, nothing else, from the bytes. */
class JsonProjectionTest {

    private static final String SYSTEM = """
            {"@odata.id":"/redfish/v1/Systems/1","@odata.etag":"W/\\"42\\"","Id":"1","PowerState":"On",
             "ProcessorSummary":{"Count":2,"Model":"Xeon","Status":{"State":"Enabled"}},
             "BootProgress":{"LastState":"OSRunning","LastStateTime":"2026-11-24T00:00:00Z"},
             "Boot":{"BootSourceOverrideEnabled":"Disabled","BootSourceOverrideTarget":"None","BootSourceOverrideMode":"UEFI",
                     "BootSourceOverrideTarget@Redfish.AllowableValues":["None","Pxe","Hdd","Cd","UefiHttp"],
                     "BootOrder":["Boot0001","Boot0002"]},
             "Links":{"Chassis":[{"@odata.id":"/redfish/v1/Chassis/1"}]},
             "Actions":{"#ComputerSystem.Reset":{"target":"/redfish/v1/Systems/1/Actions/ComputerSystem.Reset",
                        "ResetType@Redfish.AllowableValues":["On","ForceOff","GracefulShutdown","ForceRestart","PowerCycle"]},
                        "Oem":{"#Vendor.Thing":{"target":"/x"}}},
             "Oem":{"Vendor":{"Deep":[{"a":[1,2,{"b":3}]}]}}}
            """;

    private static RedfishResponse response(String body) {
        return new RedfishResponse(200, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(body));
    }

    @Test
    void keepsExactlyTheNamedFieldsOfASystem() {
        JsonNode kept = response(SYSTEM).project(PowerControl.SYSTEM_STATE);

        assertEquals("On", kept.path("PowerState").asText());
        assertEquals("W/\"42\"", kept.path("@odata.etag").asText());
        assertEquals("OSRunning", kept.path("BootProgress").path("LastState").asText());
        assertFalse(kept.path("BootProgress").has("LastStateTime"));
        assertEquals("UEFI", kept.path("Boot").path("BootSourceOverrideMode").asText());
        assertEquals(5, kept.path("Boot").path("BootSourceOverrideTarget@Redfish.AllowableValues").size());
        assertFalse(kept.path("Boot").has("BootOrder"));
        JsonNode reset = kept.path("Actions").path("#ComputerSystem.Reset");
        assertEquals("/redfish/v1/Systems/1/Actions/ComputerSystem.Reset", reset.path("target").asText());
        assertEquals("PowerCycle", reset.path("ResetType@Redfish.AllowableValues").get(4).asText());
        assertFalse(kept.path("Actions").has("Oem"));
        for (String dropped : new String[] {"@odata.id", "Id", "ProcessorSummary", "Links", "Oem"}) {
            assertFalse(kept.has(dropped), dropped + " is not projected");
        }
        // what the power and boot steps read agrees with the whole document
        assertEquals(PowerControl.allowedResets(response(SYSTEM).json()), PowerControl.allowedResets(kept));
    }

    @Test
    void sharesIdenticalAllowableValuesBetweenDocuments() {
        JsonNode first = response(SYSTEM).project(PowerControl.SYSTEM_STATE);
        JsonNode second = response(SYSTEM.replace("\"On\",\"ForceOff\"", "\"On\",\"ForceOff\"")
                .replace("\"PowerState\":\"On\"", "\"PowerState\":\"Off\"")).project(PowerControl.SYSTEM_STATE);

        assertEquals("Off", second.path("PowerState").asText());
        assertSame(first.path("Actions").path("#ComputerSystem.Reset").path("ResetType@Redfish.AllowableValues"),
                second.path("Actions").path("#ComputerSystem.Reset").path("ResetType@Redfish.AllowableValues"));
    }

    @Test
    void missingFieldsAndEmptyBodiesGiveEmptyProjectionsAndGarbageIsAProtocolError() {
        assertTrue(response("{\"Id\":\"1\"}").project(PowerControl.SYSTEM_STATE).isEmpty());
        assertTrue(response("").project(PowerControl.SYSTEM_STATE).isEmpty());
        assertEquals("x", response("{\"Boot\":\"not an object\",\"PowerState\":\"x\"}").project(PowerControl.SYSTEM_STATE)
                .path("PowerState").asText());
        RedfishException e = assertThrows(RedfishException.class, () -> response("<html>").project(PowerControl.SYSTEM_STATE));
        assertEquals(RedfishException.Kind.PROTOCOL, e.kind());
    }
}
