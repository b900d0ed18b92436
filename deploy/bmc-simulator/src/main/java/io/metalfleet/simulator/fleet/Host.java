package io.metalfleet.simulator.fleet;

/**
 * The server behind one BMC: power state with real transitions, the boot override and boot progress.
 * Time-driven and lazy: nothing runs between requests; every read first "settles" the state up to now
 * from the timestamps it keeps, so 10,000 idle hosts cost no timers and no CPU.
 * All methods are synchronized: a BMC is served by one event loop, but the control API and tests call
 * in from other threads.
 */
public final class Host {

    public static final String ON = "On";
    public static final String OFF = "Off";
    public static final String POWERING_ON = "PoweringOn";
    public static final String POWERING_OFF = "PoweringOff";

    private static final String[] BOOT_STAGES = {
        "PrimaryProcessorInitializationStarted", "BusInitializationStarted", "MemoryInitializationStarted",
        "SecondaryProcessorInitializationStarted", "PCIResourceConfigStarted",
        "SystemHardwareInitializationComplete", "OSBootStarted"};

    private final HostTiming timing;
    private String power;
    private long transitionEnd;
    private boolean thenPowerOn;
    private long bootStartedAt = -1;
    /** When the host last started booting (power-on or reboot): ComputerSystem.LastResetTime; -1 never. */
    private long lastBootAt = -1;
    private String bootTarget = "None";
    private String lastBootTarget = "None";
    private long lastPowerChangeAt = Long.MIN_VALUE / 2;
    private String overrideTarget = "None";
    private String overrideEnabled = "Disabled";
    private String overrideMode = "UEFI";
    private int overridesConsumed;
    private int boots;
    private String pendingReset;
    private long pendingResetAt;
    private boolean stuck;
    private boolean bootStuck;
    private long flapPeriodMs;
    private int version;

    public Host(HostTiming timing, boolean poweredOn, long now) {
        this.timing = timing;
        this.power = poweredOn ? ON : OFF;
        if (poweredOn) {
            bootStartedAt = now - timing.bootMs();
            lastBootAt = bootStartedAt;
            bootTarget = "Hdd";
            lastBootTarget = "Hdd";
        }
    }

    /** Applies everything that became due up to {@code now}, in time order. */
    private void settle(long now) {
        boolean changed = true;
        while (changed) {
            changed = false;
            boolean transitioning = power.equals(POWERING_ON) || power.equals(POWERING_OFF);
            long nextTransition = transitioning && !stuck ? transitionEnd : Long.MAX_VALUE;
            long nextReset = pendingReset != null ? pendingResetAt : Long.MAX_VALUE;
            if (nextReset <= now && nextReset <= nextTransition) {
                String type = pendingReset;
                pendingReset = null;
                startReset(type, nextReset);
                changed = true;
            } else if (nextTransition <= now) {
                finishTransition(nextTransition);
                changed = true;
            }
        }
    }

    private void finishTransition(long at) {
        version++;
        if (power.equals(POWERING_ON)) {
            power = ON;
            startBoot(at);
        } else {
            power = OFF;
            bootStartedAt = -1;
            if (thenPowerOn) {
                thenPowerOn = false;
                begin(POWERING_ON, at, timing.transitionMs());
            }
        }
    }

    private void begin(String transition, long at, long durationMs) {
        power = transition;
        transitionEnd = at + durationMs;
        version++;
    }

    /** A boot consumes a Once override: the DMTF semantics of BootSourceOverrideEnabled=Once. */
    private void startBoot(long at) {
        boots++;
        if (overrideEnabled.equals("Once")) {
            bootTarget = overrideTarget;
            overrideEnabled = "Disabled";
            overridesConsumed++;
        } else if (overrideEnabled.equals("Continuous")) {
            bootTarget = overrideTarget;
        } else {
            bootTarget = "Hdd";
        }
        lastBootTarget = bootTarget;
        bootStartedAt = at;
        lastBootAt = at;
        version++;
    }

    private void startReset(String type, long at) {
        lastPowerChangeAt = at;
        boolean on = power.equals(ON) || power.equals(POWERING_ON);
        switch (type) {
            case "On", "ForceOn" -> {
                if (!on) {
                    thenPowerOn = false;
                    begin(POWERING_ON, at, timing.transitionMs());
                }
            }
            case "ForceOff" -> {
                if (on) {
                    begin(POWERING_OFF, at, timing.transitionMs());
                }
            }
            case "GracefulShutdown" -> {
                if (on) {
                    begin(POWERING_OFF, at, 2 * timing.transitionMs());
                }
            }
            case "ForceRestart" -> {
                if (power.equals(ON)) {
                    startBoot(at);
                } else if (!on) {
                    begin(POWERING_ON, at, timing.transitionMs());
                }
            }
            case "GracefulRestart" -> {
                if (power.equals(ON)) {
                    startBoot(at + timing.transitionMs());
                }
            }
            case "PowerCycle" -> {
                if (on) {
                    thenPowerOn = true;
                    begin(POWERING_OFF, at, timing.transitionMs());
                } else {
                    begin(POWERING_ON, at, timing.transitionMs());
                }
            }
            case "PushPowerButton" -> startReset(on ? "GracefulShutdown" : "On", at);
            default -> { /* Nmi: the OS gets an interrupt, power does not change */ }
        }
    }

    /** Accepts a Reset; with a land delay (vendor quirk) it starts later, as some BMCs do. */
    public synchronized void reset(String type, long now, long landDelayMs) {
        settle(now);
        lastPowerChangeAt = now;
        if (landDelayMs > 0) {
            pendingReset = type;
            pendingResetAt = now + landDelayMs;
        } else {
            startReset(type, now);
        }
    }

    public synchronized String powerState(long now) {
        settle(now);
        if (flapPeriodMs > 0 && (power.equals(ON) || power.equals(OFF)) && (now / flapPeriodMs) % 2 == 1) {
            return power.equals(ON) ? OFF : ON;
        }
        return power;
    }

    public synchronized String bootProgress(long now) {
        settle(now);
        if (!power.equals(ON) || bootStartedAt < 0) {
            return "None";
        }
        long elapsed = now - bootStartedAt;
        if (bootStuck && (elapsed < 0 || elapsed >= timing.bootMs())) {
            return BOOT_STAGES[BOOT_STAGES.length - 1];
        }
        if (elapsed < 0 || elapsed >= timing.bootMs()) {
            return "OSRunning";
        }
        return BOOT_STAGES[(int) (elapsed * BOOT_STAGES.length / Math.max(1, timing.bootMs()))];
    }

    /** Sets the boot override; {@code mode} null means "not sent" (matters for the echo-mode quirk). */
    public synchronized void setOverride(String target, String enabled, String mode, boolean modeFallsBack,
                                         long now) {
        settle(now);
        if (target != null) {
            overrideTarget = target;
            if (mode == null && modeFallsBack) {
                overrideMode = "Legacy";
            }
        }
        if (enabled != null) {
            overrideEnabled = enabled;
        }
        if (mode != null) {
            overrideMode = mode;
        }
        version++;
    }

    public synchronized void setFaults(boolean stuckPower, long flapMs, boolean stuckBoot, long now) {
        settle(now);
        if (stuck != stuckPower || flapPeriodMs != flapMs || bootStuck != stuckBoot) {
            version++;
        }
        stuck = stuckPower;
        flapPeriodMs = flapMs;
        bootStuck = stuckBoot;
    }

    public synchronized Snapshot snapshot(long now) {
        settle(now); // a boot that completed since the last request shows in lastBootTarget
        String reported = powerState(now);
        return new Snapshot(reported, bootProgress(now), overrideTarget, overrideEnabled, overrideMode,
                lastBootTarget, overridesConsumed, boots, version, now - lastPowerChangeAt,
                pendingReset != null, lastBootAt);
    }

    public synchronized boolean inNotReadyWindow(long now, long windowMs) {
        return windowMs > 0 && now - lastPowerChangeAt < windowMs;
    }

    /**
     * A consistent view for rendering and for the control API.
     *
     * @param sinceLastPowerChangeMs time since the last power request or button press
     * @param lastBootAt             when the host last started booting (epoch ms; -1 never): LastResetTime
     */
    public record Snapshot(String powerState, String bootProgress, String overrideTarget, String overrideEnabled,
                           String overrideMode, String lastBootTarget, int overridesConsumed, int boots,
                           int version, long sinceLastPowerChangeMs, boolean resetPending, long lastBootAt) {
    }
}
