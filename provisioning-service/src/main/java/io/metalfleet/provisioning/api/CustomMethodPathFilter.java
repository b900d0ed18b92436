package io.metalfleet.provisioning.api;

import java.net.URI;
import java.util.regex.Pattern;

import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * AIP-136 custom methods ({@code servers:batchCreate}) reach us with the colon either raw or, from
 * clients that encode every reserved character, as {@code %3A}. The router matches only the raw
 * form, so the encoded one is turned back before matching.
 */
public class CustomMethodPathFilter {

    private static final Pattern ENCODED_COLON = Pattern.compile("%3[aA](?=[A-Za-z]+$)");

    @ServerRequestFilter(preMatching = true)
    public void decodeCustomMethodColon(ContainerRequestContext request) {
        URI uri = request.getUriInfo().getRequestUri();
        String path = uri.getRawPath();
        if (path != null && path.contains("%3")) {
            String decoded = ENCODED_COLON.matcher(path).replaceFirst(":");
            if (!decoded.equals(path)) {
                String query = uri.getRawQuery();
                request.setRequestUri(URI.create(decoded + (query == null ? "" : "?" + query)));
            }
        }
    }
}
