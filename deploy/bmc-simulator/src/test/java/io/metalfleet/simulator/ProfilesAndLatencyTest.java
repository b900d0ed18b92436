package io.metalfleet.simulator;

import io.metalfleet.simulator.fault.LatencyModel;
import io.metalfleet.simulator.profile.MockupTree;
import io.metalfleet.simulator.profile.Profiles;
import io.metalfleet.simulator.profile.VendorProfile;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The vendor trees load with their ids, and latency distributions stay within their bounds. */
class ProfilesAndLatencyTest {

    @Test
    void everyProfileShouldServeItsSystemManagerAndChassisFromItsTree() {
        for (VendorProfile p : Profiles.all()) {
            MockupTree tree = MockupTree.of(p);
            assertTrue(tree.size() > 100, p.id() + " tree has " + tree.size() + " resources");
            assertTrue(tree.has(p.systemPath()), p.systemPath());
            assertTrue(tree.has(p.managerPath()), p.managerPath());
            assertTrue(tree.has(p.chassisPath()), p.chassisPath());
            assertTrue(tree.has("/redfish/v1/SessionService"), p.id());
        }
        MockupTree gpu = MockupTree.of(Profiles.gpu());
        String systems = new String(gpu.bytes("/redfish/v1/Systems"), StandardCharsets.UTF_8);
        assertTrue(systems.contains("/redfish/v1/Systems/1\""), systems);
        assertFalse(systems.contains("437XR1138R2"), "the GPU profile re-identifies the DMTF tree");
        assertTrue(MockupTree.of(Profiles.hpe()).has("/redfish/v1/systems/1/BIOS"), "iLO paths match case-insensitively");
    }

    @Test
    void latencyModelsShouldParseAndStayInTheirBounds() {
        assertEquals(new LatencyModel(LatencyModel.Kind.FIXED, 50, 50), LatencyModel.parse("50"));
        LatencyModel uniform = LatencyModel.parse("uniform:20-200");
        LatencyModel exp = LatencyModel.parse("exp:50-400");
        long sum = 0;
        for (int i = 0; i < 5000; i++) {
            long u = uniform.sampleMs();
            assertTrue(u >= 20 && u <= 200, "uniform " + u);
            long e = exp.sampleMs();
            assertTrue(e >= 0 && e <= 400, "exp " + e);
            sum += e;
        }
        double mean = sum / 5000.0;
        assertTrue(mean > 35 && mean < 65, "exponential mean near 50: " + mean);
        assertThrows(IllegalArgumentException.class, () -> LatencyModel.parse("gauss:1-2"));
        assertTrue(LatencyModel.parse("0").isZero());
    }
}
