package io.metalfleet.simulator.redfish;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metalfleet.simulator.fleet.BmcState;
import io.metalfleet.simulator.profile.Quirks;
import io.metalfleet.simulator.session.Session;
import io.metalfleet.simulator.session.SessionStore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * SessionService/Sessions (login, list, logout, the per-BMC cap) and the authentication every other
 * resource checks: X-Auth-Token of an open session, or HTTP Basic.
 */
final class SessionResources {

    static final String SESSIONS = "/redfish/v1/SessionService/Sessions";

    private SessionResources() {
    }

    static boolean authenticated(Exchange x) {
        String token = x.header("X-Auth-Token");
        if (token != null) {
            return x.bmc.sessionsOpen() > 0 && x.bmc.sessions().byToken(token) != null;
        }
        String auth = x.header("Authorization");
        return auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)
                && auth.substring(6).trim().equals(basic(x.bmc));
    }

    static Reply login(Exchange x) {
        ObjectNode req = Json.parseObject(x.body);
        if (req == null || !req.hasNonNull("UserName") || !req.hasNonNull("Password")) {
            return RedfishErrors.badRequest(x.t.profile, "Base.1.5.PropertyMissing",
                    "The property UserName or Password is a required property and must be included in the request.");
        }
        if (!req.get("UserName").asText().equals(x.bmc.identity().username())
                || !req.get("Password").asText().equals(x.bmc.identity().password())) {
            return RedfishErrors.error(x.t.profile, 401, "Base.1.5.InvalidCredentials"/* not in Base 1.5; iLO and OpenBMC send similar */,
                    "Invalid username or password.");
        }
        Quirks q = x.t.profile.quirks();
        SessionStore store = x.bmc.sessions();
        Session s = x.bmc.faults().sessionExhaustion() ? null : store.open(req.get("UserName").asText(), q.sessionCap());
        if (s == null) {
            x.bmc.counters().sessionRejected();
            Reply r = RedfishErrors.error(x.t.profile, q.sessionLimitStatus(), q.sessionLimitMessageId(),
                    "The create operation failed because the resource has reached the limit of possible resources ("
                            + q.sessionCap() + " sessions).");
            return q.sessionLimitStatus() == 503 ? r.retryAfter(10) : r;
        }
        x.bmc.counters().sessionCreated();
        return Reply.json(201, Json.bytes(session(s))).authToken(s.token()).location(SESSIONS + "/" + s.id());
    }

    static Reply handle(Exchange x, String sub) {
        if (sub.isEmpty()) {
            if (!x.method.equals("GET")) {
                return RedfishErrors.methodNotAllowed(x.t.profile, "GET, POST");
            }
            List<String> links = new ArrayList<>();
            if (x.bmc.sessionsOpen() > 0) {
                x.bmc.sessions().list().forEach(s -> links.add(SESSIONS + "/" + s.id()));
            }
            return Reply.ok(Json.bytes(Json.collection("SessionCollection", "Session Collection", SESSIONS, links)));
        }
        Session s = x.bmc.sessionsOpen() > 0 ? x.bmc.sessions().byId(sub) : null;
        if (s == null) {
            return RedfishErrors.notFound(x.t.profile, x.path);
        }
        return switch (x.method) {
            case "GET" -> Reply.ok(Json.bytes(session(s)));
            case "DELETE" -> {
                x.bmc.sessions().close(s.id());
                yield Reply.noContent();
            }
            default -> RedfishErrors.methodNotAllowed(x.t.profile, "GET, DELETE");
        };
    }

    private static ObjectNode session(Session s) {
        ObjectNode n = Json.object();
        n.put("@odata.id", SESSIONS + "/" + s.id()).put("@odata.type", "#Session.v1_3_0.Session");
        n.put("Id", s.id()).put("Name", "User Session").put("UserName", s.user()).put("CreatedTime", s.createdTime());
        return n;
    }

    private static String basic(BmcState bmc) {
        String raw = bmc.identity().username() + ":" + bmc.identity().password();
        return Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }
}
