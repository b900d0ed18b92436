package io.metalfleet.identity.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.metalfleet.identity.api.dto.OAuthError;
import io.metalfleet.identity.api.dto.TokenResponse;
import io.metalfleet.identity.domain.TokenService;
import io.metalfleet.identity.security.TokenSigner.SignedToken;
import io.smallrye.mutiny.Uni;

/** The OAuth 2.0 token endpoint (RFC 6749 §3.2): form-encoded in, JSON out, RFC 6749 errors. */
@Path("/oauth2/token")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "oauth2", description = "Access tokens of the suite")
@APIResponse(responseCode = "400", description = "invalid_request, invalid_grant, unsupported_grant_type",
        content = @Content(schema = @Schema(implementation = OAuthError.class)))
@APIResponse(responseCode = "401", description = "invalid_client",
        content = @Content(schema = @Schema(implementation = OAuthError.class)))
@APIResponse(responseCode = "429", description = "slow_down: too many failed attempts for this subject (Retry-After)",
        content = @Content(schema = @Schema(implementation = OAuthError.class)))
public class TokenResource {

    @Inject
    TokenService tokens;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Issue an access token",
            description = "grant_type=password (username, password) for users; grant_type=client_credentials for service"
                    + " accounts and providers (client_id + client_secret as HTTP Basic or form fields; a provider's"
                    + " client_id is its providerId and its client_secret its providerRootToken).")
    @APIResponse(responseCode = "200", description = "The token",
            content = @Content(schema = @Schema(implementation = TokenResponse.class)))
    public Uni<Response> token(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, MultivaluedMap<String, String> form) {
        String grantType = single(form, "grant_type");
        if (grantType == null) {
            throw OAuthException.invalidRequest("grant_type is required");
        }
        Uni<SignedToken> token = switch (grantType) {
            case "password" -> tokens.password(required(form, "username"), required(form, "password"));
            case "client_credentials" -> {
                String[] client = client(authorization, form);
                yield tokens.clientCredentials(client[0], client[1]);
            }
            default -> throw OAuthException.unsupportedGrantType(grantType);
        };
        return token.map(signed -> Response.ok(new TokenResponse(signed.value(), "Bearer",
                Math.max(0, signed.expiresAt().getEpochSecond() - Instant.now().getEpochSecond())))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache").build());
    }

    /** Anything that is not a form: RFC 6749 wants form encoding, and says so in its own error shape. */
    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(hidden = true)
    public Response notAForm() {
        throw OAuthException.invalidRequest("the request must be application/x-www-form-urlencoded");
    }

    /** Client authentication: HTTP Basic (RFC 6749 §2.3.1, form-url-encoded parts) or form fields, not both. */
    private static String[] client(String authorization, MultivaluedMap<String, String> form) {
        String formId = single(form, "client_id");
        String formSecret = single(form, "client_secret");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            if (formSecret != null) {
                throw OAuthException.invalidRequest("use one client authentication method, not both");
            }
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw OAuthException.invalidClient();
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw OAuthException.invalidClient();
            }
            return new String[] { URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8) };
        }
        if (formId == null || formSecret == null) {
            throw OAuthException.invalidClient();
        }
        return new String[] { formId, formSecret };
    }

    private static String required(MultivaluedMap<String, String> form, String name) {
        String value = single(form, name);
        if (value == null || value.isEmpty()) {
            throw OAuthException.invalidRequest(name + " is required");
        }
        return value;
    }

    /** RFC 6749 §3.2: parameters must not be included more than once. */
    private static String single(MultivaluedMap<String, String> form, String name) {
        List<String> values = form == null ? null : form.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw OAuthException.invalidRequest(name + " is repeated");
        }
        return values.get(0);
    }
}
