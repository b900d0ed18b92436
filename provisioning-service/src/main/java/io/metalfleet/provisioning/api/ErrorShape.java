package io.metalfleet.provisioning.api;

import java.util.List;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.metalfleet.provisioning.api.dto.ErrorResponse;
import io.metalfleet.provisioning.api.dto.ErrorResponse.FieldViolation;

/**
 * How one API family writes its errors. This service answers three public surfaces, each in its own seed's shape:
 * the fleet API (seed 000's {@code {"error":{…}}}), servers (seed 002's {@code {"computeFault":{…}}}) and node
 * pools / jobs (seed 003's CCE error body). {@link ApiErrorMapper} decides what went wrong; the shape of the
 * request's path decides how it is written.
 */
public interface ErrorShape {

    Response render(int status, String message, List<FieldViolation> details);

    /** The shape for a request path (as the client sent it, without the query). */
    static ErrorShape forPath(String path) {
        String p = path == null ? "" : path;
        if (p.startsWith("/accounts/") || p.equals("/servers") || p.startsWith("/servers/")) {
            return ComputeErrorShape.INSTANCE;
        }
        if (p.startsWith("/api/v3/")) {
            return CceErrorShape.INSTANCE;
        }
        return FLEET;
    }

    /** Seed 000's shape, used by the fleet operations API under /v1/regions/…. */
    ErrorShape FLEET = (status, message, details) -> Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
            .entity(ErrorResponse.of(status, message, details)).build();
}
