package io.metalfleet.provisioning.api.dto;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The error shape of the API, as in seed 000's {@code failed[].error}: {"error":{code,message,details}}. */
@Schema(name = "Error", description = "Every error this API returns.")
public record ErrorResponse(Body error) {

    public static ErrorResponse of(int code, String message, List<FieldViolation> details) {
        return new ErrorResponse(new Body(code, message, details == null ? List.of() : details));
    }

    public record Body(
            @Schema(description = "HTTP status code", examples = "400") int code,
            @Schema(description = "What went wrong, for a person") String message,
            @Schema(description = "Which fields were wrong and why") List<FieldViolation> details) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldViolation(
            @Schema(examples = "servers[3].bmcAddress") String field,
            @Schema(examples = "must be host, host:port or https://host[:port]") String description) {
    }
}
