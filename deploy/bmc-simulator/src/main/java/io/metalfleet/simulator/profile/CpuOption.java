package io.metalfleet.simulator.profile;

/** One CPU model a profile can be built with; real model strings so inventory looks like a real fleet. */
public record CpuOption(String manufacturer, String model, int cores, int maxSpeedMHz) {
}
