package io.metalfleet.identity.security;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.metalfleet.identity.api.OAuthException;
import io.metalfleet.identity.config.IdentityConfig;
import io.quarkus.scheduler.Scheduled;

/**
 * Limits failed grants per subject (username or client id): after {@code max-failed-attempts}
 * failures within {@code failure-window} the subject is refused — even with the right credentials —
 * until the window has passed, which caps online guessing at a few tries per window. Kept in memory
 * per replica (a guesser spread over N replicas gets N times the budget, still tiny); bounded in size.
 */
@ApplicationScoped
public class LoginThrottle {

    private record Failures(Instant windowStart, int count) {
    }

    private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();
    private final int maxFailures;
    private final Duration window;
    private final int maxTracked;

    public LoginThrottle(IdentityConfig config) {
        this.maxFailures = config.tokens().maxFailedAttempts();
        this.window = config.tokens().failureWindow();
        this.maxTracked = config.tokens().maxTrackedSubjects();
    }

    /** Throws 429 {@code slow_down} while the subject is over its limit. */
    public void check(String subject, Instant now) {
        Failures current = failures.get(subject);
        if (current != null && current.count() >= maxFailures) {
            Instant until = current.windowStart().plus(window);
            if (now.isBefore(until)) {
                throw OAuthException.throttled(Math.max(1, Duration.between(now, until).toSeconds()));
            }
        }
    }

    public void failed(String subject, Instant now) {
        if (failures.size() >= maxTracked && !failures.containsKey(subject)) {
            evictExpired(now);
        }
        failures.compute(subject, (key, current) -> current == null || !now.isBefore(current.windowStart().plus(window))
                ? new Failures(now, 1)
                : new Failures(current.windowStart(), current.count() + 1));
    }

    public void succeeded(String subject) {
        failures.remove(subject);
    }

    @Scheduled(every = "1m")
    void evictExpired() {
        evictExpired(Instant.now());
    }

    private void evictExpired(Instant now) {
        failures.entrySet().removeIf(entry -> !now.isBefore(entry.getValue().windowStart().plus(window)));
    }
}
