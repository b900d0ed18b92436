package io.metalfleet.inventory.api;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

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

import io.metalfleet.inventory.api.dto.ErrorResponse;
import io.metalfleet.inventory.api.dto.ErrorResponse.FieldViolation;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;

/**
 * The one place where failures become HTTP answers, all in the seed's shape
 * {@code {"error":{"code","message","details"}}}. Bad input names the field; nothing here ever puts a
 * stack trace or a class name in a body.
 */
public class ApiErrorMapper {

    private static final Logger LOG = Logger.getLogger(ApiErrorMapper.class);
    private static final long OVERLOAD_LOG_INTERVAL_NANOS = 1_000_000_000L;

    private static final AtomicLong OVERLOADED = new AtomicLong();
    private static final AtomicLong LAST_OVERLOAD_LOG = new AtomicLong(System.nanoTime() - OVERLOAD_LOG_INTERVAL_NANOS);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return respond(e.status(), e.getMessage(), e.details());
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<FieldViolation> details = new ArrayList<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            details.add(new FieldViolation(fieldOf(violation.getPropertyPath()), violation.getMessage()));
        }
        details.sort((a, b) -> a.field().compareTo(b.field()));
        String summary = details.isEmpty() ? "invalid request"
                : "invalid " + details.get(0).field() + ": " + details.get(0).description();
        return respond(400, summary, details);
    }

    /** Listed one by one because Quarkus has built-in mappers for the specific Jackson types that would win otherwise. */
    @ServerExceptionMapper({ JsonProcessingException.class, JsonParseException.class, MismatchedInputException.class,
            InvalidFormatException.class, UnrecognizedPropertyException.class, JsonMappingException.class })
    public Response json(JsonProcessingException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof JsonParseException || original.contains("end-of-input")) {
            return respond(400, "request body is not valid JSON", List.of(new FieldViolation(null, clean(e.getOriginalMessage()))));
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
        return respond(400, "invalid " + target + ": " + reason, List.of(new FieldViolation(field.isEmpty() ? null : field, reason)));
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class })
    public Response unauthenticated(RuntimeException e) {
        return Response.status(401)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorResponse.of(401, "a valid bearer token is required", List.of()))
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(403, "the caller's role may not do this", List.of());
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
            case 406 -> "only application/json responses are produced";
            case 413 -> "request body too large";
            case 415 -> "request body must be application/json";
            default -> "bad request";
        };
        return respond(status, message, List.of());
    }

    @ServerExceptionMapper(priority = Integer.MAX_VALUE)
    public Response unexpected(Throwable e) {
        if (isConcurrentChange(e)) {
            // Two edits of one server at once: the one that read the row first and committed second loses.
            return respond(409, "the server was changed by another request at the same time; read it again and retry",
                    List.of());
        }
        if (isPoolExhausted(e)) {
            // Overload, not a bug: every database connection stayed busy past the acquisition timeout,
            // or the wait queue was full. Logged at most once a second: under overload a line per
            // refused request would only add to the load.
            long refused = OVERLOADED.incrementAndGet();
            long now = System.nanoTime();
            long last = LAST_OVERLOAD_LOG.get();
            if (now - last >= OVERLOAD_LOG_INTERVAL_NANOS && LAST_OVERLOAD_LOG.compareAndSet(last, now)) {
                LOG.warnf("database pool exhausted: %d requests answered 503 since the service started", refused);
            }
            return Response.status(503).header("Retry-After", "1").type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(ErrorResponse.of(503, "the service is overloaded, retry shortly", List.of())).build();
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure, incident %s", incident);
        return respond(500, "internal error (incident " + incident + ")", List.of());
    }

    /** Hibernate's optimistic check (the row's version) failed, possibly wrapped. */
    private static boolean isConcurrentChange(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof jakarta.persistence.OptimisticLockException || t instanceof org.hibernate.StaleStateException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The Vert.x SQL pool, possibly wrapped by Hibernate: an acquisition timeout is a stackless
     * "Timeout" (or "Timeout waiting for connection" when the pool has its own connection timeout),
     * a full wait queue a {@link ConnectionPoolTooBusyException}.
     */
    private static boolean isPoolExhausted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectionPoolTooBusyException) {
                return true;
            }
            if ((t instanceof io.vertx.core.impl.NoStackTraceThrowable || t instanceof VertxException)
                    && t.getMessage() != null && t.getMessage().startsWith("Timeout")) {
                return true;
            }
        }
        return false;
    }

    static Response respond(int status, String message, List<FieldViolation> details) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorResponse.of(status, message, details)).build();
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
