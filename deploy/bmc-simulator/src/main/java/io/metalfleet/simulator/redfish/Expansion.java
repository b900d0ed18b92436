package io.metalfleet.simulator.redfish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metalfleet.simulator.profile.ExpandDialect;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code $expand}: each link the query names ({@code {"@odata.id": ...}} alone in its object, e.g. a
 * collection's {@code Members}) is replaced by the resource it points to, as if the client had read it
 * (same BMC, same routing, no second authentication), cascading {@code $levels} deep. A link back to a
 * resource already being expanded stays a link; one that does not answer 200 stays a link. The whole
 * answer is still one request for the counters and the latency.
 */
final class Expansion {

    /** Resources one expanded answer may hold; past that the query is refused (a {@code *} of 6 levels from the root). */
    static final int MAX_RESOURCES = 512;
    /** What iLO 5 makes of every form it takes. */
    private static final ExpandRequest ILO_ONE_LEVEL = new ExpandRequest('.', 1, false);

    private final RedfishRouter router;
    private final Exchange x;
    private final ExpandRequest request;
    private final Set<String> ancestors = new HashSet<>();
    private int expanded;

    private Expansion(RedfishRouter router, Exchange x, ExpandRequest request) {
        this.router = router;
        this.x = x;
        this.request = request;
    }

    /**
     * What a BMC makes of a {@code $expand} value, by its dialect: {@link Plan#IGNORE} (served as
     * without it), a refusal (400 in the vendor's error style), or the expansion to apply.
     */
    static Plan plan(ProfileTemplates t, String value) {
        ExpandDialect dialect = t.profile.quirks().expand();
        ExpandRequest q = ExpandRequest.parse(value);
        switch (dialect) {
            case IGNORED:
                return Plan.IGNORE;
            case REJECTED, UNSERVED:
                return Plan.refuse(RedfishErrors.badRequest(t.profile, "Base.1.5.QueryNotSupported",
                        "Querying is not supported by the implementation."));
            case ILO:
                // iLO 5: ".", "*" and a bare "($levels=n)" alike, always one level; anything else is discarded
                return q == null || q.kind() == '~' ? Plan.IGNORE : new Plan(ILO_ONE_LEVEL, null);
            default:
                break;
        }
        if (q == null || q.kind() == ExpandRequest.BARE) {
            return Plan.refuse(RedfishErrors.badRequest(t.profile, "Base.1.5.QueryParameterValueFormatError",
                    "The value " + value + " for the parameter $expand is of a different format than the parameter can accept."));
        }
        Support s = t.expandSupport;
        boolean offered = switch (q.kind()) {
            case '*' -> s.expandAll();
            case '~' -> s.links();
            default -> s.noLinks();
        };
        if (!offered || (q.levelsGiven() && !s.levels())) {
            return Plan.refuse(RedfishErrors.badRequest(t.profile, "Base.1.5.QueryNotSupported",
                    "The $expand form " + value + " is not supported by the implementation."));
        }
        if (q.levels() < 1 || q.levels() > s.maxLevels()) {
            return Plan.refuse(outOfRange(t, q.levels(), "1-" + s.maxLevels()));
        }
        return new Plan(q, null);
    }

    /** The reply with the links the request names replaced by their resources; the reply itself when not JSON. */
    static Reply apply(RedfishRouter router, Exchange x, Reply reply, ExpandRequest request) {
        ObjectNode doc = Json.parseObject(reply.body);
        if (doc == null) {
            return reply;
        }
        Expansion e = new Expansion(router, x, request);
        e.ancestors.add(x.path);
        if (!e.walk(doc, request.levels(), false)) {
            return outOfRange(x.t, request.levels(), "of an answer of at most " + MAX_RESOURCES + " resources");
        }
        return reply.withBody(Json.bytes(doc));
    }

    /** Expands the links below {@code node}; false when the answer grew past {@link #MAX_RESOURCES}. */
    private boolean walk(JsonNode node, int levels, boolean inLinks) {
        if (node instanceof ObjectNode o) {
            List<String> names = new ArrayList<>(o.size());
            o.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode resource = visit(o.get(name), levels, inLinks || name.equals("Links"));
                if (resource != null) {
                    o.set(name, resource);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                JsonNode resource = visit(a.get(i), levels, inLinks);
                if (resource != null) {
                    a.set(i, resource);
                }
            }
        }
        return expanded <= MAX_RESOURCES;
    }

    /** The resource that replaces {@code value} when it is a link the query names; else null, its insides expanded. */
    private JsonNode visit(JsonNode value, int levels, boolean inLinks) {
        if (expanded > MAX_RESOURCES) {
            return null;
        }
        if (isLink(value) && request.expands(inLinks)) {
            return fetch(value, levels);
        }
        walk(value, levels, inLinks);
        return null;
    }

    /**
     * The resource behind a link, itself expanded one level less; null when it stays a link. On the last
     * level its bytes are inlined as they are (no parse and no second serialization: the common
     * collection-with-members answer costs little more than its members' own reads).
     */
    private JsonNode fetch(JsonNode link, int levels) {
        String path = RequestPipeline.normalize(link.get("@odata.id").asText());
        // "...#/PowerControl/0" points into a resource, not at one
        if (path.indexOf('#') >= 0 || path.indexOf('?') >= 0 || ancestors.contains(path) || ++expanded > MAX_RESOURCES) {
            return null;
        }
        Reply r = router.route(x.readOf(path));
        if (r.status != 200 || r.body == null || r.body.length == 0 || r.body[0] != '{') {
            return null;
        }
        if (levels <= 1) {
            return Json.raw(r.body);
        }
        ObjectNode resource = Json.parseObject(r.body);
        if (resource != null) {
            ancestors.add(path);
            walk(resource, levels - 1, false);
            ancestors.remove(path);
        }
        return resource;
    }

    private static boolean isLink(JsonNode n) {
        return n instanceof ObjectNode o && o.size() == 1 && o.path("@odata.id").isTextual();
    }

    private static Reply outOfRange(ProfileTemplates t, int levels, String range) {
        return RedfishErrors.badRequest(t.profile, "Base.1.5.QueryParameterOutOfRange",
                "The value " + levels + " for the query parameter $levels is out of range " + range + ".");
    }

    /** A decision on one request's {@code $expand}: exactly one of the two is set, or neither (ignored). */
    record Plan(ExpandRequest request, Reply refusal) {
        static final Plan IGNORE = new Plan(null, null);

        static Plan refuse(Reply r) {
            return new Plan(null, r);
        }
    }

    /**
     * What a service root's {@code ProtocolFeaturesSupported.ExpandQuery} offers; {@link #NONE} when it
     * has none.
     */
    record Support(boolean expandAll, boolean noLinks, boolean links, boolean levels, int maxLevels) {
        static final Support NONE = new Support(false, false, false, false, 0);

        static Support of(JsonNode expandQuery) {
            if (!expandQuery.isObject()) {
                return NONE;
            }
            boolean levels = expandQuery.path("Levels").asBoolean(false);
            return new Support(expandQuery.path("ExpandAll").asBoolean(false), expandQuery.path("NoLinks").asBoolean(false),
                    expandQuery.path("Links").asBoolean(false), levels, levels ? expandQuery.path("MaxLevels").asInt(1) : 1);
        }
    }
}
