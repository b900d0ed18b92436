package io.metalfleet.provisioning.redfish.inspect;

import java.util.List;

/** What inspection found on one machine; becomes {@code hardwareSpecs} (+ {@code system}, {@code nics}) in server.inspected. */
public record HardwareReport(String manufacturer, String model, String serialNumber, String uuid, String vendor,
        Cpu cpu, Ram ram, Gpu gpu, List<Nic> nics, String powerState) {

    public record Cpu(String model, String manufacturer, int sockets, int cores, int threads, String architecture) {
    }

    public record Ram(int totalGiB, int dimms) {
    }

    public record Gpu(int count, String model, String manufacturer) {
    }

    public record Nic(String id, String macAddress, Integer speedMbps, String linkStatus) {
    }
}
