package io.metalfleet.local.testing;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Tokens for tests, signed with the key that {@link JwtTestResource} configured the service with. */
public final class TestTokens {

    private TestTokens() {
    }

    public static String admin() {
        return token("admin@metalfleet.test", Set.of("admin"), List.of("*"));
    }

    public static String operator(String... projects) {
        return token("operator@metalfleet.test", Set.of("operator"), List.of(projects));
    }

    public static String viewer(String... projects) {
        return token("viewer@metalfleet.test", Set.of("viewer"), List.of(projects));
    }

    public static String token(String subject, Set<String> roles, List<String> projects) {
        return JwtTestResource.keys().token(subject, roles, projects, Duration.ofMinutes(15));
    }

    /** Signed by the right key but for another audience: services must refuse it. */
    public static String forOtherAudience() {
        return JwtTestResource.keys().token(io.metalfleet.local.infra.JwtKeys.DEFAULT_ISSUER, "someone-else",
                "admin@metalfleet.test", Set.of("admin"), List.of("*"), Duration.ofMinutes(5));
    }

    /** An admin token that expires {@code lifetime} from now (token caches must stop accepting it then). */
    public static String adminFor(Duration lifetime) {
        return JwtTestResource.keys().token("admin@metalfleet.test", Set.of("admin"), List.of("*"), lifetime);
    }

    public static String expired() {
        return JwtTestResource.keys().token("admin@metalfleet.test", Set.of("admin"), List.of("*"),
                Duration.ofSeconds(-120));
    }
}
