package io.metalfleet.inventory.api.dto;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "Bulk enrollment results: the items are independent.")
public record BatchCreateServersResponse(
        @Schema(description = "Successfully registered servers") List<ServerView> succeeded,
        @Schema(description = "Failed registration attempts") List<Failure> failed) {

    @Schema(description = "A failed item: its index in the request and why.")
    public record Failure(int index, ErrorResponse error) {
    }
}
