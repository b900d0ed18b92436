package io.metalfleet.provisioning.compute.domain;

/**
 * The step of a server's build/release state machine (column {@code compute_servers.phase}); the worker drives the
 * phases with work to do ({@link #hasWork()}), each step ends by moving the server to its next phase.
 *
 * <pre>
 * allocated ──boot override + power on──► booting ──BootProgress OSRunning──► running (ACTIVE)
 *     │                                      │ failure / deadline
 *     └──────────── failure ─────────────────┴──► releasing ──power off, override cleared, media ejected──► released
 * DELETE (any phase holding a machine) ──► releasing
 * </pre>
 */
public enum BuildPhase {
    ALLOCATED, BOOTING, RUNNING, RELEASING, RELEASED;

    public String column() {
        return name().toLowerCase();
    }

    public boolean hasWork() {
        return this == ALLOCATED || this == BOOTING || this == RELEASING;
    }

    public boolean holdsMachine() {
        return this != RELEASED;
    }

    public static BuildPhase of(String column) {
        return valueOf(column.toUpperCase());
    }
}
