package io.metalfleet.provisioning.redfish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.metalfleet.provisioning.redfish.inspect.HardwareReport;
import io.metalfleet.simulator.SimulatedBmc;
import io.metalfleet.simulator.profile.ExpandDialect;
import io.metalfleet.simulator.profile.Profiles;
import io.metalfleet.simulator.profile.VendorProfile;

/**
 * Inspection with and without {@code $expand}: three fleets of the same machines (same seed, same models)
 * that differ only in how their BMCs answer the query: as shipped (expand advertised), without it (not
 * advertised: refused or ignored), and advertised yet refused. The report must not change; the requests do.
 */
class InspectionExpandTest {

    static final List<VendorProfile> MODELS = List.of(Profiles.dmtf(), Profiles.hpe(), Profiles.gpu());

    static EngineFixture expand;
    static EngineFixture plain;
    static EngineFixture unserved;
    /** What the fleet without $expand reports, and the requests its BMCs saw for it (first inspection each). */
    static final List<HardwareReport> REFERENCE = new ArrayList<>();
    static final List<SimulatedBmc> PLAIN_BMCS = new ArrayList<>();
    static final List<Long> PLAIN_REQUESTS = new ArrayList<>();

    @BeforeAll
    static void start() {
        expand = fleet(p -> p);
        plain = fleet(VendorProfile::withoutExpand);
        unserved = fleet(p -> p.withQuirks(p.quirks().withExpand(ExpandDialect.UNSERVED)));
        for (int i = 0; i < MODELS.size(); i++) {
            REFERENCE.add(plain.engine.inspect(plain.target(i)).await().atMost(EngineFixture.AWAIT));
            PLAIN_BMCS.add(plain.fleet.bmc(i));
            PLAIN_REQUESTS.add(plain.fleet.bmc(i).requests());
            assertTrue(plain.fleet.bmc(i).requestsByPath().keySet().stream().anyMatch(p -> p.matches(".*/Processors/.+")),
                    "without $expand each member is read: " + plain.fleet.bmc(i).requestsByPath());
        }
    }

    private static EngineFixture fleet(UnaryOperator<VendorProfile> variant) {
        return new EngineFixture(EngineFixture.fleet(MODELS.size()).seed(11).profiles(MODELS.stream().map(variant).toList()),
                EngineFixture.settings());
    }

    @AfterAll
    static void stop() {
        for (EngineFixture f : new EngineFixture[] {expand, plain, unserved}) {
            if (f != null) {
                f.close();
            }
        }
    }

    @Test
    void shouldReportTheSameMachineWithFewerRequestsWhereExpandIsAdvertised() {
        for (int i = 0; i < MODELS.size(); i++) {
            SimulatedBmc withExpand = expand.fleet.bmc(i);
            assertEquals(withExpand.serialNumber(), PLAIN_BMCS.get(i).serialNumber(), "the same machine in both fleets");
            HardwareReport expanded = expand.engine.inspect(expand.target(i)).await().atMost(EngineFixture.AWAIT);
            String model = withExpand.profile();
            assertEquals(REFERENCE.get(i), expanded, model + ": the same report either way");
            assertEquals(withExpand.macAddresses(), expanded.nics().stream().map(HardwareReport.Nic::macAddress).toList());
            assertEquals(withExpand.expectedHardware().gpuCount(), expanded.gpu().count());

            int members = processorsAndNics(withExpand);
            assertEquals(PLAIN_REQUESTS.get(i) - members, withExpand.requests(),
                    model + ": the members come inlined, one request per collection (" + withExpand.requestsByPath() + ")");
            assertTrue(withExpand.requestsByPath().keySet().stream().noneMatch(p -> p.matches(".*/(Processors|EthernetInterfaces)/.+")),
                    model + " reads no member alone: " + withExpand.requestsByPath());
        }
    }

    @Test
    void shouldFallBackToMemberReadsWhenAnAdvertisedExpandIsRefused() {
        for (int i = 0; i < MODELS.size(); i++) {
            SimulatedBmc b = unserved.fleet.bmc(i);
            HardwareReport report = unserved.engine.inspect(unserved.target(i)).await().atMost(EngineFixture.AWAIT);
            assertEquals(REFERENCE.get(i), report, b.profile() + ": refused $expand, same report");
            long refusedOnce = b.requests();
            Map<String, Long> byPath = b.requestsByPath();
            assertEquals(2L, byPath.get("GET " + b.systemPath() + "/Processors"),
                    b.profile() + ": the refused expanded read, then the plain collection: " + byPath);
            assertEquals(1L, byPath.get("GET " + b.systemPath() + "/EthernetInterfaces"),
                    b.profile() + ": after one refusal the BMC is read without $expand: " + byPath);

            b.resetCounters();
            assertEquals(report, unserved.engine.inspect(unserved.target(i)).await().atMost(EngineFixture.AWAIT));
            int members = processorsAndNics(b);
            assertEquals(members + 4, b.requests(), b.profile() + ": the system, Processors, Memory, EthernetInterfaces"
                    + " and the members: "
                    + b.requestsByPath() + " (first inspection " + refusedOnce + ")");
        }
    }

    /** Members the inspection reads one by one without $expand: every processor (CPUs and GPUs) and NIC. */
    private static int processorsAndNics(SimulatedBmc b) {
        return b.expectedHardware().sockets() + b.expectedHardware().gpuCount() + b.macAddresses().size();
    }
}
