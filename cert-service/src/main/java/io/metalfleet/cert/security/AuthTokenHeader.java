package io.metalfleet.cert.security;

import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * Seed 001 names {@code X-Auth-Token: <token>}; the suite names {@code Authorization: Bearer}. SmallRye
 * JWT reads one header, so this filter runs first on every request and hands an X-Auth-Token to it as
 * a bearer token. When both are present, Authorization wins; verification stays SmallRye's own.
 */
public class AuthTokenHeader {

    public static final String X_AUTH_TOKEN = "X-Auth-Token";

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String token = ctx.request().getHeader(X_AUTH_TOKEN);
            if (token != null && !token.isBlank() && ctx.request().getHeader(HttpHeaders.AUTHORIZATION) == null) {
                ctx.request().headers().set(HttpHeaders.AUTHORIZATION, "Bearer " + token.trim());
            }
            ctx.next();
        });
    }
}
