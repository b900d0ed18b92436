package io.metalfleet.provisioning.redfish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.metalfleet.provisioning.redfish.boot.BootOverride;
import io.metalfleet.provisioning.redfish.connector.RedfishException;
import io.metalfleet.provisioning.redfish.inspect.HardwareReport;
import io.metalfleet.provisioning.redfish.power.PowerAction;
import io.metalfleet.simulator.SimulatedBmc;
import io.metalfleet.simulator.profile.HardwareShape;
import io.smallrye.mutiny.Uni;

/** Every operation of the engine against the BMC simulator (the three vendor profiles) over real sockets. */
class EngineOperationsTest {

    static EngineFixture f;

    @BeforeAll
    static void start() {
        f = new EngineFixture(EngineFixture.fleet(10), EngineFixture.settings());
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void shouldInspectWhatTheSimulatorBuiltOnEveryVendor() {
        for (int i = 0; i < 3; i++) {
            SimulatedBmc bmc = f.fleet.bmc(i);
            HardwareReport report = f.engine.inspect(f.target(i)).await().atMost(EngineFixture.AWAIT);
            HardwareShape hw = bmc.expectedHardware();
            assertEquals(bmc.serialNumber(), report.serialNumber());
            assertEquals(hw.cpuModel(), report.cpu().model());
            assertEquals(hw.sockets(), report.cpu().sockets());
            assertEquals(hw.totalCores(), report.cpu().cores());
            assertEquals(hw.totalThreads(), report.cpu().threads());
            assertEquals(hw.memoryGiB(), report.ram().totalGiB());
            assertEquals(hw.dimmCount(), report.ram().dimms());
            assertEquals(hw.gpuCount(), report.gpu().count());
            assertEquals(bmc.macAddresses(), report.nics().stream().map(HardwareReport.Nic::macAddress).toList());
            assertEquals(bmc.vendor(), report.vendor());
        }
    }

    @Test
    void shouldPowerCycleWithOneTimePxeAndConfirmOnEveryVendorWithOneLoginEach() {
        for (int i = 3; i < 6; i++) {
            SimulatedBmc bmc = f.fleet.bmc(i);
            String state = f.engine.power(f.target(i), PowerAction.On, null).await().atMost(EngineFixture.AWAIT);
            assertEquals("On", state);
            state = f.engine.power(f.target(i), PowerAction.PowerCycle, BootOverride.oncePxe()).await().atMost(EngineFixture.AWAIT);
            assertEquals("On", state, bmc.profile());
            assertEquals("On", bmc.powerState());
            assertEquals("Pxe", bmc.hostState().lastBootTarget(), bmc.profile() + " booted from the override");
            assertEquals("Disabled", bmc.hostState().overrideEnabled(), "a one-time override is consumed by the boot");
            assertEquals("UEFI", bmc.hostState().overrideMode(), bmc.profile() + " stays in UEFI mode");
            assertEquals(1, bmc.sessionsCreated(), bmc.profile() + ": one login across operations");
        }
    }

    @Test
    void shouldNotObservePowerStateWhileMetalfleetChangesIt() {
        int i = 9;
        f.engine.power(f.target(i), PowerAction.ForceOff, null).await().atMost(EngineFixture.AWAIT);
        assertEquals("Off", f.engine.observedPowerState(f.target(i)).await().atMost(EngineFixture.AWAIT), "nothing running: the BMC's own state");
        long before = f.engine.changesBegun(f.target(i));
        Uni<String> on = f.engine.power(f.target(i), PowerAction.On, null).memoize().indefinitely();
        on.subscribe().with(x -> { }, e -> { });
        assertEquals(before + 1, f.engine.changesBegun(f.target(i)));
        assertNull(f.engine.observedPowerState(f.target(i)).await().atMost(EngineFixture.AWAIT), "our own power-on under way");
        assertEquals("On", on.await().atMost(EngineFixture.AWAIT));

        // a read out when an operation begins is not the BMC's own state either (it may predate the operation's change)
        Uni<String> read = f.engine.observedPowerState(f.target(i)).memoize().indefinitely();
        read.subscribe().with(x -> { }, e -> { });
        Uni<String> off = f.engine.power(f.target(i), PowerAction.ForceOff, null).memoize().indefinitely();
        off.subscribe().with(x -> { }, e -> { });
        assertNull(read.await().atMost(EngineFixture.AWAIT));
        assertEquals("Off", off.await().atMost(EngineFixture.AWAIT));
        assertEquals("Off", f.engine.observedPowerState(f.target(i)).await().atMost(EngineFixture.AWAIT), "ended: read again");
    }

    @Test
    void shouldConfirmEachPowerActionAndFallBackFromGracefulShutdown() {
        int i = 6;
        for (PowerAction action : List.of(PowerAction.On, PowerAction.ForceRestart, PowerAction.GracefulRestart,
                PowerAction.GracefulShutdown, PowerAction.On, PowerAction.ForceOff)) {
            String state = f.engine.power(f.target(i), action, null).await().atMost(EngineFixture.AWAIT);
            assertEquals(action.confirmedBy(), state, action.name());
            assertEquals(action.confirmedBy(), f.fleet.bmc(i).powerState(), action.name());
        }
        f.engine.power(f.target(i), null, new BootOverride("Hdd", "Continuous", null)).await().atMost(EngineFixture.AWAIT);
        assertEquals("Continuous", f.fleet.bmc(i).hostState().overrideEnabled());
        assertEquals("Hdd", f.fleet.bmc(i).hostState().overrideTarget());
    }

    @Test
    void shouldRefuseAValueOutsideAllowableValuesWithoutSendingIt() {
        int i = 0; // dmtf: no UefiHttp among its boot targets
        f.engine.power(f.target(i), null, null).await().atMost(EngineFixture.AWAIT);
        long patchesBefore = patches(f.fleet.bmc(i));
        RedfishException e = assertThrows(RedfishException.class, () -> f.engine
                .power(f.target(i), PowerAction.On, new BootOverride("UefiHttp", "Once", "http://images/boot.efi"))
                .await().atMost(EngineFixture.AWAIT));
        assertEquals(RedfishException.Kind.NOT_ALLOWED, e.kind());
        assertTrue(e.getMessage().contains("Pxe") && e.getMessage().contains("UefiHttp"), e.getMessage());
        assertEquals(patchesBefore, patches(f.fleet.bmc(i)), "nothing was sent");
    }

    @Test
    void shouldSetUefiHttpBootWhereOffered() {
        int i = 1; // hpe offers UefiHttp
        f.engine.power(f.target(i), null, new BootOverride("UefiHttp", "Once", "http://images/boot.efi"))
                .await().atMost(EngineFixture.AWAIT);
        assertEquals("UefiHttp", f.fleet.bmc(i).hostState().overrideTarget());
    }

    @Test
    void shouldInsertAndEjectVirtualMediaFollowingTheTaskMonitor() {
        int i = 0; // dmtf: InsertMedia is a 2 s task
        f.engine.insertMedia(f.target(i), "http://images/installer.iso").await().atMost(EngineFixture.AWAIT);
        assertEquals("http://images/installer.iso", f.engine.insertedMedia(f.target(i)).await().atMost(EngineFixture.AWAIT));
        assertTrue(f.fleet.bmc(i).insertedMedia().contains("http://images/installer.iso"));
        f.engine.ejectMedia(f.target(i)).await().atMost(EngineFixture.AWAIT);
        assertNull(f.engine.insertedMedia(f.target(i)).await().atMost(EngineFixture.AWAIT));
    }

    @Test
    void shouldNeverExceedThePerBmcLimitWhateverTheOperationsMix() {
        int i = 8;
        List<Uni<Object>> all = new ArrayList<>();
        for (int n = 0; n < 6; n++) {
            all.add(f.engine.inspect(f.target(i)).map(x -> (Object) x));
            all.add(f.engine.powerState(f.target(i)).map(x -> (Object) x));
            all.add(f.engine.power(f.target(i), null, BootOverride.oncePxe()).map(x -> (Object) x));
        }
        Uni.join().all(all).andFailFast().await().atMost(EngineFixture.AWAIT);
        SimulatedBmc bmc = f.fleet.bmc(i);
        assertTrue(bmc.requests() > 60, "the mix made many requests: " + bmc.requests());
        assertEquals(2, bmc.maxConcurrentRequests(), "the BMC saw at most (and reached) the limit of 2");
        assertEquals(1, bmc.sessionsCreated());
    }

    @Test
    void shouldLogInAgainOnceWhenTheBmcDropsItsSessionsAndLogOutOnEviction() {
        int i = 7;
        f.engine.powerState(f.target(i)).await().atMost(EngineFixture.AWAIT);
        SimulatedBmc bmc = f.fleet.bmc(i);
        assertEquals(1, bmc.sessionsOpen());
        bmc.dropSessions();
        assertInstanceOf(String.class, f.engine.powerState(f.target(i)).await().atMost(EngineFixture.AWAIT));
        assertEquals(2, bmc.sessionsCreated());
        f.engine.connector().sessions().evict(f.target(i)).await().atMost(EngineFixture.AWAIT);
        assertEquals(0, bmc.sessionsOpen(), "logged out (DELETE) on eviction");
    }

    @Test
    void shouldForgetABmcWhoseServerIsGoneAndDiscoverItAnewAtTheSameAddress() {
        int i = 8;
        f.engine.powerState(f.target(i)).await().atMost(EngineFixture.AWAIT);
        SimulatedBmc bmc = f.fleet.bmc(i);
        assertEquals(1, bmc.sessionsOpen());
        assertTrue(f.engine.connector().gate(f.target(i)).profile() != null, "discovered once, kept");

        f.engine.connector().forget(f.target(i).hostPort()).await().atMost(EngineFixture.AWAIT);

        assertEquals(0, bmc.sessionsOpen(), "logged out");
        assertNull(f.engine.connector().gate(f.target(i)).profile(), "what discovery learnt is dropped with the server");
        long rootReads = bmc.requestsByPath().getOrDefault("GET /redfish/v1", 0L);
        f.engine.powerState(f.target(i)).await().atMost(EngineFixture.AWAIT);
        assertEquals(rootReads + 1, bmc.requestsByPath().getOrDefault("GET /redfish/v1", 0L), "a BMC met again is discovered anew");
    }

    @Test
    void shouldLogOutOfEverySessionWhenTheEngineCloses() {
        RedfishEngine engine = new RedfishEngine(f.vertx, EngineFixture.settings(), new io.metalfleet.provisioning.redfish.tls.BmcTrust());
        engine.powerState(f.target(4)).await().atMost(EngineFixture.AWAIT);
        engine.powerState(f.target(5)).await().atMost(EngineFixture.AWAIT);
        int open4 = f.fleet.bmc(4).sessionsOpen();
        int open5 = f.fleet.bmc(5).sessionsOpen();
        engine.close();
        assertEquals(open4 - 1, f.fleet.bmc(4).sessionsOpen(), "this engine's session on BMC 4 was deleted");
        assertEquals(open5 - 1, f.fleet.bmc(5).sessionsOpen(), "and on BMC 5");
    }

    private static long patches(SimulatedBmc bmc) {
        return bmc.requestsByPath().entrySet().stream().filter(e -> e.getKey().startsWith("PATCH"))
                .mapToLong(java.util.Map.Entry::getValue).sum();
    }
}
