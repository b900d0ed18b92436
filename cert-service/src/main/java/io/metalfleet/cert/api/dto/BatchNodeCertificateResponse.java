package io.metalfleet.cert.api.dto;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Items are independent: each request is signed or refused on its own, named by its index. */
@Schema(name = "BatchNodeCertificateResponse")
public record BatchNodeCertificateResponse(
        @Schema(description = "Signed requests in request order") List<Issued> succeeded,
        @Schema(description = "Refused requests with the reason") List<Failure> failed,
        @Schema(description = "The project CA's trust bundle (PEM)") String ca) {

    /** A signed request. */
    @Schema(name = "BatchIssued")
    public record Issued(int index, CertificateView certificate) {
    }

    /** A refused request. */
    @Schema(name = "BatchFailure")
    public record Failure(int index, @JsonProperty("error_code") String errorCode, @JsonProperty("error_msg") String errorMsg) {
    }
}
