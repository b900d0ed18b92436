package io.metalfleet.provisioning.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.metalfleet.provisioning.persistence.OutboxRepository.NewEvent;
import io.metalfleet.provisioning.redfish.inspect.HardwareReport;

/** The payloads of the events this service publishes on {@code provisioning.servers} (README "Events"). */
@ApplicationScoped
public class ServerEvents {

    public static final String TOPIC = "provisioning.servers";
    public static final String INSPECTED = "server.inspected";
    public static final String INSPECTION_FAILED = "server.inspection-failed";
    public static final String HEALTH_CHANGED = "server.health-changed";
    public static final String POWER_CHANGED = "server.power-changed";

    @Inject
    ObjectMapper json;

    public NewEvent inspected(String serverId, HardwareReport r, Instant at) {
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("model", r.cpu().model());
        cpu.put("manufacturer", r.cpu().manufacturer());
        cpu.put("sockets", r.cpu().sockets());
        cpu.put("cores", r.cpu().cores());
        cpu.put("threads", r.cpu().threads());
        cpu.put("architecture", r.cpu().architecture());
        Map<String, Object> ram = Map.of("totalGiB", r.ram().totalGiB(), "dimms", r.ram().dimms());
        Map<String, Object> gpu = new LinkedHashMap<>();
        gpu.put("count", r.gpu().count());
        gpu.put("model", r.gpu().model());
        gpu.put("manufacturer", r.gpu().manufacturer());
        Map<String, Object> specs = new LinkedHashMap<>();
        specs.put("cpu", cpu);
        specs.put("ram", ram);
        specs.put("gpu", gpu);
        Map<String, Object> system = new LinkedHashMap<>();
        system.put("manufacturer", r.manufacturer());
        system.put("model", r.model());
        system.put("serialNumber", r.serialNumber());
        system.put("uuid", r.uuid());
        system.put("bmcVendor", r.vendor());
        system.put("powerState", r.powerState());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("serverId", serverId);
        data.put("inspectedAt", at.toString());
        data.put("hardwareSpecs", specs);
        data.put("system", system);
        data.put("nics", r.nics());
        return new NewEvent(TOPIC, serverId, INSPECTED, write(data));
    }

    public NewEvent inspectionFailed(String serverId, String reason) {
        return new NewEvent(TOPIC, serverId, INSPECTION_FAILED, write(Map.of("serverId", serverId, "reason", reason)));
    }

    public NewEvent healthChanged(String serverId, String status, List<String> reasons, Instant at) {
        return new NewEvent(TOPIC, serverId, HEALTH_CHANGED, write(Map.of("serverId", serverId, "status", status,
                "failureReasons", reasons, "checkedAt", at.toString())));
    }

    public NewEvent powerChanged(String serverId, String powerState, String previous, Instant at) {
        return new NewEvent(TOPIC, serverId, POWER_CHANGED, write(Map.of("serverId", serverId, "powerState", powerState,
                "previousPowerState", previous, "observedAt", at.toString())));
    }

    private String write(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event payload cannot be written", e);
        }
    }
}
