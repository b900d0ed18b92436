package io.metalfleet.identity.api;

import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.metalfleet.identity.api.dto.ErrorResponse;
import io.metalfleet.identity.api.dto.OAuthError;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * The one place where failures become HTTP answers: seed 004's {@code {"error":{"id","details","description"}}}
 * everywhere, RFC 6749's {@code {"error","error_description"}} for the token endpoint. Never a stack
 * trace or a class name in a body.
 */
public class ApiErrorMapper {

    private static final Logger LOG = Logger.getLogger(ApiErrorMapper.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return respond(e.status(), e.id(), e.details(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response oauth(OAuthException e) {
        Response.ResponseBuilder response = Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache")
                .entity(new OAuthError(e.error(), e.getMessage()));
        if (e.status() == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"metalfleet\"");
        }
        if (e.retryAfterSeconds() > 0) {
            response.header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds());
        }
        return response.build();
    }

    /** Listed one by one because Quarkus has built-in mappers for the specific Jackson types that would win otherwise. */
    @ServerExceptionMapper({ JsonProcessingException.class, JsonParseException.class, MismatchedInputException.class,
            InvalidFormatException.class, UnrecognizedPropertyException.class, JsonMappingException.class })
    public Response json(JsonProcessingException e) {
        return api(ApiException.badMessage("the body is not valid JSON"));
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class })
    public Response unauthenticated(RuntimeException e) {
        ApiException error = ApiException.unauthorized();
        return Response.status(401).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorResponse.of(error.id(), error.details(), error.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return api(ApiException.forbidden());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        return switch (status) {
            case 401 -> unauthenticated(e);
            case 403 -> api(ApiException.forbidden());
            case 404 -> api(ApiException.notFound());
            case 405 -> respond(405, "notSupported", Map.of(), "This operation is not supported on this resource.");
            case 406 -> respond(406, "badMessage", Map.of(), "Only application/json responses are produced.");
            case 413 -> respond(413, "badMessage", Map.of(), "Bad message: the request body is too large.");
            case 415 -> respond(415, "badMessage", Map.of(), "Bad message: the request body must be application/json.");
            default -> api(ApiException.badMessage(null));
        };
    }

    @ServerExceptionMapper(priority = Integer.MAX_VALUE)
    public Response unexpected(Throwable e) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure, incident %s", incident);
        return respond(500, "internalServerError", Map.of("incident", incident),
                "The server has encountered an error while processing this request.");
    }

    static Response respond(int status, String id, Map<String, Object> details, String description) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorResponse.of(id, details, description)).build();
    }
}
