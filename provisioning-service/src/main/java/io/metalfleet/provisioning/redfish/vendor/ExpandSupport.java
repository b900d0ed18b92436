package io.metalfleet.provisioning.redfish.vendor;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a BMC's service root says of the {@code $expand} query ({@code ProtocolFeaturesSupported.ExpandQuery},
 * DSP0266): whether a collection can be read with its members inlined in one request, and how to ask.
 *
 * @param noLinks   the {@code .} form (links outside {@code Links}, which is where {@code Members} are)
 * @param expandAll the {@code *} form (every link; the same for a collection's members)
 * @param levels    the {@code ($levels=n)} option
 * @param maxLevels the highest {@code $levels} accepted
 */
public record ExpandSupport(boolean noLinks, boolean expandAll, boolean levels, int maxLevels) {

    /** A BMC that does not advertise {@code $expand}: collections are read member by member. */
    public static final ExpandSupport NONE = new ExpandSupport(false, false, false, 0);

    public static ExpandSupport of(JsonNode serviceRoot) {
        JsonNode q = serviceRoot.path("ProtocolFeaturesSupported").path("ExpandQuery");
        if (!q.isObject()) {
            return NONE;
        }
        boolean levels = q.path("Levels").asBoolean(false);
        return new ExpandSupport(q.path("NoLinks").asBoolean(false), q.path("ExpandAll").asBoolean(false), levels,
                levels ? q.path("MaxLevels").asInt(1) : 1);
    }

    /**
     * The query that inlines a collection's members one level deep ({@code $expand=.($levels=1)}, or
     * the forms the BMC offers instead), or null when it offers none.
     */
    public String membersQuery() {
        String form = noLinks ? "." : expandAll ? "*" : null;
        if (form == null) {
            return null;
        }
        return "$expand=" + form + (levels ? "($levels=1)" : "");
    }
}
