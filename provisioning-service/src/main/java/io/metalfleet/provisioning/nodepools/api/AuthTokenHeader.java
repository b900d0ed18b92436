package io.metalfleet.provisioning.nodepools.api;

import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * The Huawei-shaped APIs (seeds 002 and 003) name {@code X-Auth-Token: <token>}; the suite names
 * {@code Authorization: Bearer}. SmallRye JWT reads one header, so this route runs first and hands an X-Auth-Token
 * to it as a bearer token; when both are sent, Authorization wins. Verification stays SmallRye's own.
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
