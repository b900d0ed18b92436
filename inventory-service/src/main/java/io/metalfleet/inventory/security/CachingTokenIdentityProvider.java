package io.metalfleet.inventory.security;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import io.metalfleet.inventory.config.InventoryConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Bearer-token authentication in front of Quarkus's own JWT provider (it runs first, by priority),
 * with the same verification (SmallRye JWT's parser and the mp.jwt.verify settings) and the same
 * identity, plus a {@link VerifiedTokenCache}. A token seen recently is accepted on the event loop
 * without verifying its signature again and without the worker-thread hop that verification against
 * a remote JWKS needs; a new one is verified on a worker thread, as Quarkus would.
 */
@ApplicationScoped
public class CachingTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger(CachingTokenIdentityProvider.class);
    /** Before Quarkus's MpJwtValidator (the default priority, 1001): this provider answers every bearer token. */
    private static final int BEFORE_QUARKUS_JWT = 2000;

    private final JWTParser parser;
    private final VerifiedTokenCache cache;

    public CachingTokenIdentityProvider(JWTParser parser, InventoryConfig config) {
        this.parser = parser;
        this.cache = new VerifiedTokenCache(config.auth().tokenCacheSize(), config.auth().tokenCacheMaxAge().toMillis());
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        return BEFORE_QUARKUS_JWT;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String raw = request.getToken().getToken();
        JsonWebToken cached = cache.get(raw, System.currentTimeMillis());
        if (cached != null) {
            return Uni.createFrom().item(identity(request, cached));
        }
        return context.runBlocking(() -> {
            JsonWebToken verified;
            try {
                verified = parser.parse(raw);
            } catch (ParseException e) {
                LOG.debug("bearer token refused", e);
                throw new AuthenticationFailedException(e);
            }
            cache.put(raw, verified, System.currentTimeMillis());
            return identity(request, verified);
        });
    }

    /** The identity Quarkus's own JWT provider builds: principal, credential, groups as roles. */
    private static SecurityIdentity identity(TokenAuthenticationRequest request, JsonWebToken token) {
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder().setPrincipal(token)
                .addCredential(request.getToken()).addRoles(token.getGroups())
                .addAttribute(SecurityIdentity.USER_ATTRIBUTE, token);
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (routing != null) {
            identity.addAttribute(RoutingContext.class.getName(), routing);
        }
        return identity.build();
    }
}
