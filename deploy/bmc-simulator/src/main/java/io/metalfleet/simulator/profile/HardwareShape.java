package io.metalfleet.simulator.profile;

/**
 * What inspection should find on one machine. Drawn once per BMC from the profile's distribution, so a
 * test can compare what an engine inspected with what the simulator built.
 */
public record HardwareShape(
        String cpuManufacturer,
        String cpuModel,
        int sockets,
        int coresPerSocket,
        int threadsPerCore,
        int dimmCount,
        int dimmSizeMiB,
        int gpuCount,
        String gpuManufacturer,
        String gpuModel,
        int nicCount,
        int diskCount,
        long diskSizeBytes) {

    public int totalCores() {
        return sockets * coresPerSocket;
    }

    public int totalThreads() {
        return totalCores() * threadsPerCore;
    }

    public int memoryGiB() {
        return (int) ((long) dimmCount * dimmSizeMiB / 1024);
    }
}
