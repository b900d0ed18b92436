package io.metalfleet.cert.api;

import java.util.Comparator;
import java.util.UUID;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
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

import io.metalfleet.cert.api.dto.ErrorResponse;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * The one place where failures become HTTP answers, all as {@code {"error_code","error_msg"}}. Bad
 * input names the field; nothing here ever puts a stack trace, a class name or a request body (which
 * may hold a key) in an answer or a log line.
 */
public class ApiErrorMapper {

    private static final Logger LOG = Logger.getLogger(ApiErrorMapper.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response.ResponseBuilder builder = Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResponse(e.code(), e.getMessage()));
        if (e.status() == 401) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response csrRejected(io.metalfleet.cert.domain.NodeCertificateService.CsrRejected e) {
        return respond(400, ErrorCodes.INVALID_PARAMETER, "invalid csr: " + e.getMessage());
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        ConstraintViolation<?> first = e.getConstraintViolations().stream()
                .min(Comparator.comparing((ConstraintViolation<?> v) -> fieldOf(v.getPropertyPath())))
                .orElse(null);
        String message = first == null ? "invalid request"
                : "invalid " + fieldOf(first.getPropertyPath()) + ": " + first.getMessage();
        return respond(400, ErrorCodes.INVALID_PARAMETER, message);
    }

    /** Listed one by one because Quarkus has built-in mappers for the specific Jackson types that would win otherwise. */
    @ServerExceptionMapper({ JsonProcessingException.class, JsonParseException.class, MismatchedInputException.class,
            InvalidFormatException.class, UnrecognizedPropertyException.class, JsonMappingException.class })
    public Response json(JsonProcessingException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof JsonParseException || original.contains("end-of-input")) {
            return respond(400, ErrorCodes.MALFORMED_BODY, "request body is not valid JSON");
        }
        String field = e instanceof JsonMappingException mapping ? pathOf(mapping) : "";
        String reason;
        if (e instanceof UnrecognizedPropertyException unknown) {
            field = field.isEmpty() ? unknown.getPropertyName() : field;
            reason = "unknown field";
        } else if (e instanceof JsonMappingException mapping && mapping.getPath().isEmpty()) {
            reason = "request body must be a JSON object";
        } else {
            reason = "wrong type or format";
        }
        return respond(400, ErrorCodes.INVALID_PARAMETER, "invalid " + (field.isEmpty() ? "request body" : field) + ": " + reason);
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class })
    public Response unauthenticated(RuntimeException e) {
        return api(ApiException.unauthorized("a valid token is required (X-Auth-Token or Authorization: Bearer)"));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(403, ErrorCodes.FORBIDDEN, "the caller's role may not do this");
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
        String message = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 406 -> "the requested media type is not produced here";
            case 413 -> "request body too large";
            case 415 -> "request body must be application/json";
            default -> "bad request";
        };
        return respond(status, ErrorCodes.forStatus(status), message);
    }

    @ServerExceptionMapper(priority = Integer.MAX_VALUE)
    public Response unexpected(Throwable e) {
        if (isUniqueViolation(e)) {
            // Two creations racing past the service's own check: the database's unique key decides.
            return respond(409, ErrorCodes.CONFLICT, "it already exists (created concurrently)");
        }
        String incident = UUID.randomUUID().toString();
        // The class and message only: a stack trace of a signing failure could carry request material.
        LOG.errorf("unexpected failure, incident %s: %s", incident, e.getClass().getName());
        LOG.debugf(e, "incident %s", incident);
        return respond(500, ErrorCodes.INTERNAL, "internal error (incident " + incident + ")");
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    static Response respond(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorResponse(code, message)).build();
    }

    /** "create.body.product.name" → "product.name": the caller's field name. */
    static String fieldOf(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER) {
                continue;
            }
            if (node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                field.append('[').append(node.getKey() != null ? node.getKey() : node.getIndex()).append(']');
                continue;
            }
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            } else if (node.getKey() != null && node.getName() == null) {
                field.append('[').append(node.getKey()).append(']');
            }
            if (node.getName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(node.getName());
            }
        }
        return field.toString();
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(ref.getFieldName());
            }
        }
        return field.toString();
    }
}
