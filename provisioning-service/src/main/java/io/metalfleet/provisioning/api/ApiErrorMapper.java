package io.metalfleet.provisioning.api;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.metalfleet.provisioning.api.dto.ErrorResponse.FieldViolation;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * The one place where failures become HTTP answers, each written in the error shape of the seed its path
 * belongs to ({@link ErrorShape}). Bad input names the field; nothing here ever puts a
 * stack trace or a class name in a body.
 */
public class ApiErrorMapper {

    private static final Logger LOG = Logger.getLogger(ApiErrorMapper.class);

    @ServerExceptionMapper
    public Response api(ApiException e, UriInfo uri) {
        return respond(uri, e.status(), e.getMessage(), e.details());
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<FieldViolation> details = new ArrayList<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            details.add(new FieldViolation(fieldOf(violation.getPropertyPath()), violation.getMessage()));
        }
        details.sort((a, b) -> a.field().compareTo(b.field()));
        String summary = details.isEmpty() ? "invalid request"
                : "invalid " + details.get(0).field() + ": " + details.get(0).description();
        return respond(uri, 400, summary, details);
    }

    /** Listed one by one because Quarkus has built-in mappers for the specific Jackson types that would win otherwise. */
    @ServerExceptionMapper({ JsonProcessingException.class, JsonParseException.class, MismatchedInputException.class,
            InvalidFormatException.class, UnrecognizedPropertyException.class, JsonMappingException.class })
    public Response json(JsonProcessingException e, UriInfo uri) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof JsonParseException || original.contains("end-of-input")) {
            return respond(uri, 400, "request body is not valid JSON", List.of(new FieldViolation(null, clean(e.getOriginalMessage()))));
        }
        String field = e instanceof JsonMappingException mapping ? pathOf(mapping) : "";
        String reason;
        if (e instanceof UnrecognizedPropertyException unknown) {
            field = field.isEmpty() ? unknown.getPropertyName() : field;
            reason = "unknown field";
        } else if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            reason = "unknown value " + invalid.getValue();
        } else if (e instanceof JsonMappingException mapping && mapping.getPath().isEmpty()) {
            reason = "request body must be a JSON object";
        } else {
            reason = "wrong type or format";
        }
        String target = field.isEmpty() ? "request body" : field;
        return respond(uri, 400, "invalid " + target + ": " + reason, List.of(new FieldViolation(field.isEmpty() ? null : field, reason)));
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class })
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(respond(uri, 401, "a valid bearer token is required", List.of()))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(uri, 403, "the caller's role may not do this", List.of());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json, uri);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        String message = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 406 -> "only application/json responses are produced";
            case 413 -> "request body too large";
            case 415 -> "request body must be application/json";
            default -> "bad request";
        };
        return respond(uri, status, message, List.of());
    }

    @ServerExceptionMapper(priority = Integer.MAX_VALUE)
    public Response unexpected(Throwable e, UriInfo uri) {
        if (isPoolTimeout(e)) {
            // Overload, not a bug: every database connection stayed busy past the acquisition timeout.
            LOG.warn("no database connection became free in time; answering 503");
            return Response.fromResponse(respond(uri, 503, "the service is overloaded, retry shortly", List.of()))
                    .header("Retry-After", "1").build();
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure, incident %s", incident);
        return respond(uri, 500, "internal error (incident " + incident + ")", List.of());
    }

    /** The Vert.x SQL pool signals an acquisition timeout as a stackless "Timeout", possibly wrapped. */
    private static boolean isPoolTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.vertx.core.impl.NoStackTraceThrowable && "Timeout".equals(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /** Written in the shape of the API family the request belongs to (see {@link ErrorShape}). */
    static Response respond(UriInfo uri, int status, String message, List<FieldViolation> details) {
        return ErrorShape.forPath(uri == null ? null : "/" + uri.getPath().replaceFirst("^/", ""))
                .render(status, message, details);
    }

    /** "batchCreate.request.servers[2].bmcAddress" → "servers[2].bmcAddress": the caller's field name. */
    static String fieldOf(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER) {
                continue;
            }
            if (node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                // A map key or value constraint: name the key.
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

    /** Jackson's own message without the source excerpt it may carry. */
    private static String clean(String message) {
        if (message == null) {
            return "malformed JSON";
        }
        int cut = message.indexOf("\n");
        return cut > 0 ? message.substring(0, cut) : message;
    }
}
