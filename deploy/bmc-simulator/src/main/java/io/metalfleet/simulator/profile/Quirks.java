package io.metalfleet.simulator.profile;

import java.time.Duration;
import java.util.Set;

/**
 * Vendor behaviours that real operators trip over, as data so that one profile can be tuned in a test
 * without touching the generic Redfish code.
 *
 * @param sessionCap                 sessions a BMC keeps open at once (8 on common BMCs, lower on some)
 * @param sessionLimitStatus         HTTP status the vendor answers when the cap is reached
 * @param sessionLimitMessageId      Redfish MessageId of that error
 * @param requireIfMatch             PATCH without If-Match answers 428 Precondition Required
 * @param overrideMustEchoMode       a boot override PATCH that omits BootSourceOverrideMode silently
 *                                   falls back to Legacy (the classic "PXE boots in BIOS mode" surprise)
 * @param notReadyAfterPowerChange   after a power change the BMC answers 503 + Retry-After for this long
 * @param resetLandDelay             a Reset is accepted at once but only starts after this delay
 * @param longActions                actions answered 202 Accepted + TaskMonitor (names like
 *                                   "VirtualMedia.InsertMedia", "ComputerSystem.Reset")
 * @param taskDuration               how long such a task runs before it completes
 * @param errorCodePrefix            the "code" of the top-level error object ("Base.1.5.GeneralError",
 *                                   "iLO.0.10.ExtendedInfo", ...)
 * @param expand                     how {@code $expand} is answered, and whether the service root advertises it
 */
public record Quirks(
        int sessionCap,
        int sessionLimitStatus,
        String sessionLimitMessageId,
        boolean requireIfMatch,
        boolean overrideMustEchoMode,
        Duration notReadyAfterPowerChange,
        Duration resetLandDelay,
        Set<String> longActions,
        Duration taskDuration,
        String errorCodePrefix,
        ExpandDialect expand) {

    public Quirks withSessionCap(int cap) {
        return new Quirks(cap, sessionLimitStatus, sessionLimitMessageId, requireIfMatch, overrideMustEchoMode,
                notReadyAfterPowerChange, resetLandDelay, longActions, taskDuration, errorCodePrefix, expand);
    }

    public Quirks withRequireIfMatch(boolean require) {
        return new Quirks(sessionCap, sessionLimitStatus, sessionLimitMessageId, require, overrideMustEchoMode,
                notReadyAfterPowerChange, resetLandDelay, longActions, taskDuration, errorCodePrefix, expand);
    }

    public Quirks withOverrideMustEchoMode(boolean echo) {
        return new Quirks(sessionCap, sessionLimitStatus, sessionLimitMessageId, requireIfMatch, echo,
                notReadyAfterPowerChange, resetLandDelay, longActions, taskDuration, errorCodePrefix, expand);
    }

    public Quirks withNotReadyAfterPowerChange(Duration d) {
        return new Quirks(sessionCap, sessionLimitStatus, sessionLimitMessageId, requireIfMatch, overrideMustEchoMode,
                d, resetLandDelay, longActions, taskDuration, errorCodePrefix, expand);
    }

    public Quirks withResetLandDelay(Duration d) {
        return new Quirks(sessionCap, sessionLimitStatus, sessionLimitMessageId, requireIfMatch, overrideMustEchoMode,
                notReadyAfterPowerChange, d, longActions, taskDuration, errorCodePrefix, expand);
    }

    public Quirks withLongActions(Set<String> actions, Duration duration) {
        return new Quirks(sessionCap, sessionLimitStatus, sessionLimitMessageId, requireIfMatch, overrideMustEchoMode,
                notReadyAfterPowerChange, resetLandDelay, Set.copyOf(actions), duration, errorCodePrefix, expand);
    }

    /** The same vendor with another $expand behaviour (e.g. {@code quirks.withExpand(quirks.expand().withoutExpand())}). */
    public Quirks withExpand(ExpandDialect dialect) {
        return new Quirks(sessionCap, sessionLimitStatus, sessionLimitMessageId, requireIfMatch, overrideMustEchoMode,
                notReadyAfterPowerChange, resetLandDelay, longActions, taskDuration, errorCodePrefix, dialect);
    }

    /** No quirk at all: what the DMTF specification asks for and nothing else. */
    public static Quirks plain() {
        return new Quirks(8, 503, "Base.1.5.CreateLimitReachedForResource", false, false,
                Duration.ZERO, Duration.ZERO, Set.of(), Duration.ofSeconds(2), "Base.1.5.GeneralError",
                ExpandDialect.STANDARD);
    }
}
