package io.metalfleet.inventory.api.dto;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A page of servers (AIP-158).")
public record ServerList(
        List<ServerView> servers,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "Pass as pageToken for the next page; absent on the last page.") String nextPageToken) {
}
