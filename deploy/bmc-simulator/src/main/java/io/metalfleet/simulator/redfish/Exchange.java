package io.metalfleet.simulator.redfish;

import io.metalfleet.simulator.fleet.BmcState;
import io.metalfleet.simulator.fleet.HostTiming;
import io.vertx.core.http.HttpServerRequest;

/** One request as the Redfish handlers see it: which BMC, what was asked, and when. */
public final class Exchange {

    public final BmcState bmc;
    public final ProfileTemplates t;
    public final HostTiming timing;
    public final String method;
    public final String path;
    public final byte[] body;
    public final long now;
    private final HttpServerRequest request;

    public Exchange(BmcState bmc, ProfileTemplates t, HostTiming timing, HttpServerRequest request, String path,
                    byte[] body, long now) {
        this(bmc, t, timing, request, request.method().name(), path, body, now);
    }

    private Exchange(BmcState bmc, ProfileTemplates t, HostTiming timing, HttpServerRequest request, String method,
                     String path, byte[] body, long now) {
        this.bmc = bmc;
        this.t = t;
        this.timing = timing;
        this.request = request;
        this.method = method;
        this.path = path;
        this.body = body;
        this.now = now;
    }

    /** A read of another resource of the same BMC within this request (what {@code $expand} inlines). */
    Exchange readOf(String otherPath) {
        return new Exchange(bmc, t, timing, request, "GET", otherPath, null, now);
    }

    /**
     * The decoded {@code $expand} query parameter, or null. Only a query that mentions it is parsed, and one
     * that does not decode counts as none: other parameters are ignored as they always were.
     */
    String expandParameter() {
        String query = request.query();
        if (query == null || !query.contains("expand")) {
            return null;
        }
        try {
            return request.getParam("$expand");
        } catch (IllegalArgumentException undecodable) {
            return null;
        }
    }

    public String header(CharSequence name) {
        return request.getHeader(name);
    }

    /** The ETag Redfish resources carry: weak, changing whenever the state behind it changes. */
    public String etag(int kind, int version) {
        int h = (bmc.index() * 31 + kind) * 1_000_003 + version;
        String hex = Integer.toHexString(h).toUpperCase(java.util.Locale.ROOT);
        return "W/\"" + "00000000".substring(hex.length()) + hex + "\"";
    }

    public static boolean etagMatches(String ifMatch, String current) {
        if (ifMatch == null) {
            return false;
        }
        String cur = strip(current);
        for (String tag : ifMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || strip(t).equals(cur)) {
                return true;
            }
        }
        return false;
    }

    private static String strip(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
