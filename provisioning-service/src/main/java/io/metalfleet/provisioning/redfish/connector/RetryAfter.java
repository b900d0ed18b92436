package io.metalfleet.provisioning.redfish.connector;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** The Retry-After header: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** The wait it asks for, or null when absent or unreadable. */
    public static Duration parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (RuntimeException notDate) {
                return null;
            }
        }
    }
}
