package io.metalfleet.provisioning.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.metalfleet.provisioning.api.dto.ErrorResponse.FieldViolation;

/**
 * Seed 002's error bodies: {@code {"computeFault":{"message","code","details","errorid"}}} for bad requests and
 * failures, {@code {"itemNotFound":{…}}} for 404; the other statuses use the same inner shape under the fault name
 * the OpenStack compute family uses for them.
 */
final class ComputeErrorShape implements ErrorShape {

    static final ComputeErrorShape INSTANCE = new ComputeErrorShape();

    @Override
    public Response render(int status, String message, List<FieldViolation> details) {
        Map<String, Object> fault = new LinkedHashMap<>();
        fault.put("message", message);
        fault.put("code", status);
        fault.put("details", details == null ? "" : details.stream()
                .map(d -> d.field() == null ? d.description() : d.field() + ": " + d.description())
                .collect(Collectors.joining("; ")));
        fault.put("errorid", UUID.randomUUID().toString());
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of(faultName(status), fault)).build();
    }

    static String faultName(int status) {
        return switch (status) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "itemNotFound";
            case 405 -> "badMethod";
            case 409 -> "conflictingRequest";
            case 413 -> "overLimit";
            case 415 -> "badMediaType";
            case 503 -> "serviceUnavailable";
            default -> "computeFault";
        };
    }
}
