package io.metalfleet.simulator.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metalfleet.simulator.BmcFleet;
import io.metalfleet.simulator.SimulatedBmc;
import io.metalfleet.simulator.fleet.Host;
import io.metalfleet.simulator.fleet.Inventory;
import io.metalfleet.simulator.redfish.Json;

import java.util.Map;
import java.util.TreeMap;

/** JSON views of the fleet and of one BMC for the control API. */
final class FleetViews {

    private FleetViews() {
    }

    static ObjectNode summary(BmcFleet fleet) {
        ObjectNode s = Json.object();
        s.put("bmcs", fleet.size()).put("host", fleet.config().host()).put("https", fleet.config().https())
                .put("firstPort", fleet.bmc(0).port()).put("lastPort", fleet.bmc(fleet.size() - 1).port())
                .put("controlPort", fleet.controlPort()).put("seed", fleet.config().seed());
        if (fleet.addresses() != null) {
            // address per BMC: first and last port are the one port; the BMCs differ by address
            s.put("addressPerBmc", true).put("firstAddress", fleet.addresses().firstAddress())
                    .put("lastAddress", fleet.addresses().lastAddress())
                    .put("connectionsRefused", (long) fleet.metrics().refusedConnections());
        }
        s.set("latency", Json.MAPPER.valueToTree(fleet.latency()));
        Map<String, Integer> profiles = new TreeMap<>();
        Map<String, Integer> power = new TreeMap<>();
        Map<String, Integer> lastBoot = new TreeMap<>();
        long requests = 0;
        int sessions = 0;
        int faulty = 0;
        int maxConcurrent = 0;
        for (SimulatedBmc b : fleet.bmcs()) {
            profiles.merge(b.profile(), 1, Integer::sum);
            power.merge(b.powerState(), 1, Integer::sum);
            String booted = b.hostState().lastBootTarget();
            lastBoot.merge(booted == null ? "none" : booted, 1, Integer::sum);
            requests += b.requests();
            sessions += b.sessionsOpen();
            faulty += b.faults().isNone() ? 0 : 1;
            maxConcurrent = Math.max(maxConcurrent, b.maxConcurrentRequests());
        }
        s.set("profiles", Json.MAPPER.valueToTree(profiles));
        s.set("powerStates", Json.MAPPER.valueToTree(power));
        // what each host last booted from: a bench checks a fleet-wide one-time PXE without N requests
        s.set("lastBootTargets", Json.MAPPER.valueToTree(lastBoot));
        s.put("requests", requests).put("sessionsOpen", sessions).put("bmcsWithFaults", faulty)
                .put("maxConcurrentRequestsOnOneBmc", maxConcurrent);
        return s;
    }

    static ObjectNode bmc(SimulatedBmc b) {
        ObjectNode n = Json.object();
        n.put("index", b.index()).put("address", b.address()).put("url", b.url()).put("profile", b.profile())
                .put("vendor", b.vendor());
        Host.Snapshot h = b.hostState();
        ObjectNode state = n.putObject("state");
        state.put("powerState", h.powerState()).put("bootProgress", h.bootProgress())
                .put("bootSourceOverrideTarget", h.overrideTarget())
                .put("bootSourceOverrideEnabled", h.overrideEnabled())
                .put("bootSourceOverrideMode", h.overrideMode()).put("lastBootTarget", h.lastBootTarget())
                .put("bootOverridesConsumed", h.overridesConsumed()).put("boots", h.boots())
                .put("resetPending", h.resetPending());
        state.set("insertedMedia", Json.MAPPER.valueToTree(b.insertedMedia()));
        ObjectNode c = n.putObject("counters");
        c.put("requests", b.requests()).put("inFlight", b.inFlightRequests())
                .put("maxConcurrentRequests", b.maxConcurrentRequests()).put("sessionsOpen", b.sessionsOpen())
                .put("sessionsCreated", b.sessionsCreated()).put("sessionsRejected", b.sessionsRejected())
                .put("resetsReceived", b.resetsReceived());
        c.set("requestsByPath", Json.MAPPER.valueToTree(b.requestsByPath()));
        n.set("faults", Json.MAPPER.valueToTree(b.faults()));
        n.set("expectedHardware", Inventory.hardware(b.expectedHardware()));
        return n;
    }
}
