package io.metalfleet.provisioning.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.metalfleet.provisioning.api.dto.ErrorResponse.FieldViolation;

/**
 * Seed 003's family (CCE): {@code {"error_code":"CCE.01400001","error_msg":…}}, CCE's code layout (service, "01",
 * the HTTP status, a 3-digit number), so a client that switches on error_code sees 400, 401, 403, 404 and 409 apart.
 */
final class CceErrorShape implements ErrorShape {

    static final CceErrorShape INSTANCE = new CceErrorShape();

    @Override
    public Response render(int status, String message, List<FieldViolation> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", "CCE.01" + status + "001");
        String detail = details == null ? "" : details.stream()
                .map(d -> d.field() == null ? d.description() : d.field() + ": " + d.description())
                .collect(Collectors.joining("; "));
        body.put("error_msg", detail.isEmpty() || message.contains(detail) ? message : message + " (" + detail + ")");
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
