package io.metalfleet.inventory.api;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.metalfleet.inventory.config.InventoryConfig;

/**
 * The API's body limit, answered in the API's error shape. The HTTP layer's own limit
 * (quarkus.http.limits.max-body-size) is set higher as a backstop: its refusal is a bare 413 that
 * this service could not shape.
 */
public class BodySizeFilter {

    /** Looked up per request: the filter is built at static init, before config mappings exist. */
    @Inject
    Provider<InventoryConfig> config;

    @ServerRequestFilter(preMatching = true)
    public Response refuseOversizeBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return null;
        }
        long limit = config.get().http().maxBodySize();
        try {
            if (Long.parseLong(length.trim()) <= limit) {
                return null;
            }
        } catch (NumberFormatException e) {
            return ApiErrorMapper.respond(400, "Content-Length is not a number", List.of());
        }
        return ApiErrorMapper.respond(413, "request body too large: at most " + limit / (1024 * 1024) + " MiB", List.of());
    }
}
