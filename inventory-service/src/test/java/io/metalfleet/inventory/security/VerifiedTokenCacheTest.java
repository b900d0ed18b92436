package io.metalfleet.inventory.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;

class VerifiedTokenCacheTest {

    private static final long NOW = 1_800_000_000_000L;

    @Test
    void shouldServeATokenUntilTheEarlierOfItsExpAndTheMaxAge() {
        VerifiedTokenCache cache = new VerifiedTokenCache(10, 30_000);
        JsonWebToken longLived = token(NOW / 1000 + 3600);
        cache.put("a", longLived, NOW);
        assertSame(longLived, cache.get("a", NOW + 29_999));
        assertNull(cache.get("a", NOW + 30_000), "verified again after the max age");

        JsonWebToken shortLived = token(NOW / 1000 + 5);
        cache.put("b", shortLived, NOW);
        assertSame(shortLived, cache.get("b", NOW + 4_999));
        assertNull(cache.get("b", NOW + 5_000), "never past exp");
    }

    @Test
    void shouldNotKeepExpiredTokensOrTokensWithoutExp() {
        VerifiedTokenCache cache = new VerifiedTokenCache(10, 30_000);
        cache.put("expired", token(NOW / 1000 - 1), NOW);
        cache.put("no-exp", token(0), NOW);
        assertNull(cache.get("expired", NOW));
        assertNull(cache.get("no-exp", NOW));
        assertEquals(0, cache.size());
    }

    @Test
    void shouldStayWithinItsCapacity() {
        VerifiedTokenCache cache = new VerifiedTokenCache(100, 30_000);
        for (int i = 0; i < 1_000; i++) {
            cache.put("t" + i, token(NOW / 1000 + 3600), NOW);
            assertTrue(cache.size() <= 100, "size " + cache.size());
        }
        assertEquals("jti-" + (NOW / 1000 + 3600), cache.get("t999", NOW).getTokenID());
    }

    private static JsonWebToken token(long exp) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject("someone");
        claims.setJwtId("jti-" + exp);
        if (exp != 0) {
            claims.setExpirationTime(NumericDate.fromSeconds(exp));
        }
        return new DefaultJWTCallerPrincipal(claims);
    }
}
