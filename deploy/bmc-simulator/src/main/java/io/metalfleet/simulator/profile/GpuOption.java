package io.metalfleet.simulator.profile;

/** One accelerator model of the GPU profile. */
public record GpuOption(String manufacturer, String model, int memoryGiB) {
}
