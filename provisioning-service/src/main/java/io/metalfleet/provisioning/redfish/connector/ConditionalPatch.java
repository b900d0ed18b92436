package io.metalfleet.provisioning.redfish.connector;

import com.fasterxml.jackson.databind.JsonNode;

import io.metalfleet.provisioning.redfish.vendor.VendorHooks;
import io.smallrye.mutiny.Uni;

/**
 * PATCH with If-Match, the way BMCs actually accept it: the ETag of a fresh GET (header, or the
 * body's {@code @odata.etag}); on 412 a second GET and one more try, with the other form of the tag
 * (weak/strong) when the fresh one is unchanged, since vendors disagree on which form they compare.
 */
public final class ConditionalPatch {

    private static final JsonProjection ETAG = JsonProjection.of("@odata.etag");

    private ConditionalPatch() {
    }

    /** Tries after a 412 before giving up: other writers may change the resource between our GET and PATCH. */
    private static final int PRECONDITION_RETRIES = 3;

    public static Uni<RedfishResponse> patch(RedfishConnector connector, BmcTarget target, String path, Object body,
            String etag, VendorHooks hooks, String what) {
        Uni<String> tag = etag != null ? Uni.createFrom().item(etag) : freshEtag(connector, target, path);
        return tag.chain(current -> attempt(connector, target, path, body, current, hooks, PRECONDITION_RETRIES))
                .map(response -> response.requireOk(what));
    }

    private static Uni<RedfishResponse> attempt(RedfishConnector connector, BmcTarget target, String path, Object body,
            String etag, VendorHooks hooks, int left) {
        return connector.call(target, RedfishCall.patch(path, body, etag)).chain(response -> {
            if (response.status() != 412 || left == 0) {
                return Uni.createFrom().item(response);
            }
            return freshEtag(connector, target, path).chain(fresh -> attempt(connector, target, path, body,
                    fresh == null || fresh.equals(etag) ? hooks.alternateEtag(etag) : fresh, hooks, left - 1));
        });
    }

    public static Uni<String> freshEtag(RedfishConnector connector, BmcTarget target, String path) {
        return connector.get(target, path).map(r -> etagOf(r.requireOk("reading " + path)));
    }

    public static String etagOf(RedfishResponse response) {
        return etagOf(response, null);
    }

    /** The same, where {@code projected} (a projection of the answer that kept {@code @odata.etag}) saves parsing it again. */
    public static String etagOf(RedfishResponse response, JsonNode projected) {
        String header = response.header("ETag");
        if (header != null) {
            return header;
        }
        return (projected != null ? projected : response.project(ETAG)).path("@odata.etag").asText(null);
    }
}
