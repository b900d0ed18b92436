package io.metalfleet.provisioning.api;

import java.util.List;

import io.metalfleet.provisioning.api.dto.ErrorResponse.FieldViolation;

/** A failure the API answers with its status and message; mapped by {@link ApiErrorMapper}. */
public class ApiException extends RuntimeException {

    private final int status;
    private final transient List<FieldViolation> details;

    public ApiException(int status, String message, List<FieldViolation> details) {
        super(message, null, false, false);
        this.status = status;
        this.details = details == null ? List.of() : details;
    }

    public static ApiException badRequest(String field, String description) {
        return new ApiException(400, "invalid " + field + ": " + description, List.of(new FieldViolation(field, description)));
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message, List.of());
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, message, List.of());
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message, List.of());
    }

    public int status() {
        return status;
    }

    public List<FieldViolation> details() {
        return details;
    }
}
