package io.metalfleet.identity.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.metalfleet.identity.config.IdentityConfig;
import io.metalfleet.identity.security.KeyRing;

/** The issuer's public face: its keys (RFC 7517) and its discovery document (OpenID Connect Discovery). */
@Path("/.well-known")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "discovery", description = "Keys and metadata of the issuer")
public class WellKnownResource {

    @Inject
    KeyRing keys;
    @Inject
    IdentityConfig config;

    @GET
    @Path("/jwks.json")
    @Operation(summary = "The JSON Web Key Set",
            description = "The active signing key and the keys rotated out less than a token lifetime ago. Every service verifies tokens against it.")
    @APIResponse(responseCode = "200", description = "{\"keys\":[JWK]}")
    public Response jwks() {
        CacheControl cache = new CacheControl();
        // Short: verifiers re-fetch on an unknown kid anyway, and a retired key should leave their caches soon.
        cache.setMaxAge(60);
        return Response.ok(keys.jwks()).cacheControl(cache).build();
    }

    @GET
    @Path("/openid-configuration")
    @Operation(summary = "OpenID Provider metadata")
    @APIResponse(responseCode = "200", description = "The discovery document")
    public Map<String, Object> openidConfiguration() {
        String base = config.publicUrl().replaceAll("/+$", "");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("issuer", config.issuer());
        metadata.put("jwks_uri", base + "/.well-known/jwks.json");
        metadata.put("token_endpoint", base + "/oauth2/token");
        metadata.put("grant_types_supported", List.of("password", "client_credentials"));
        metadata.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        metadata.put("response_types_supported", List.of("token"));
        metadata.put("subject_types_supported", List.of("public"));
        metadata.put("id_token_signing_alg_values_supported", List.of("ES256"));
        metadata.put("claims_supported", List.of("iss", "aud", "sub", "upn", "groups", "projects", "exp", "iat", "jti"));
        return metadata;
    }
}
