package io.metalfleet.simulator.redfish;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metalfleet.simulator.profile.VendorProfile;

/**
 * Maps a Redfish path to its handler. Per-BMC resources are rendered; everything else of the vendor's
 * tree is served as the vendor wrote it. Exact string checks instead of a routing table: the ids are
 * fixed per profile and this runs 20,000 times a second on one core.
 */
public final class RedfishRouter {

    private static final byte[] VERSIONS = Json.bytes(Json.object().put("v1", "/redfish/v1/"));
    private final TaskResources tasks = new TaskResources();

    /** Paths a client may read without credentials, as the Redfish specification requires. */
    public static boolean isPublic(String method, String path) {
        return path.equals("/redfish/v1") || path.equals("/redfish") || path.equals("/redfish/v1/odata")
                || path.equals("/redfish/v1/$metadata")
                || (method.equals("POST") && path.equals(SessionResources.SESSIONS));
    }

    public static boolean authenticated(Exchange x) {
        return SessionResources.authenticated(x);
    }

    public Reply route(Exchange x) {
        Reply r = dispatch(x);
        return r != null ? r : RedfishErrors.notFound(x.t.profile, x.path);
    }

    private Reply dispatch(Exchange x) {
        VendorProfile p = x.t.profile;
        String path = x.path;
        String m = x.method;
        if (path.equals("/redfish")) {
            return Reply.ok(VERSIONS);
        }
        if (path.equals("/redfish/v1")) {
            return get(x) ? Reply.ok(x.t.root.render(Json.object().put("UUID", x.bmc.identity().uuid())))
                    : notAllowed(x);
        }
        if (path.startsWith(SessionResources.SESSIONS)) {
            if (path.equals(SessionResources.SESSIONS) && m.equals("POST")) {
                return SessionResources.login(x);
            }
            String sub = path.length() > SessionResources.SESSIONS.length()
                    ? path.substring(SessionResources.SESSIONS.length() + 1) : "";
            return SessionResources.handle(x, sub);
        }
        String sys = p.systemPath();
        if (path.startsWith(sys) && (path.length() == sys.length() || path.charAt(sys.length()) == '/')) {
            return system(x, path.substring(sys.length()));
        }
        String mgr = p.managerPath();
        if (path.equals(mgr)) {
            return get(x) ? ManagerResources.manager(x) : notAllowed(x);
        }
        if (path.startsWith(mgr + "/VirtualMedia")) {
            String sub = path.substring((mgr + "/VirtualMedia").length());
            return ManagerResources.media(x, sub.startsWith("/") ? sub.substring(1) : sub, tasks);
        }
        String ch = p.chassisPath();
        if (path.equals(ch)) {
            return get(x) ? ChassisResources.chassis(x) : notAllowed(x);
        }
        if (path.equals(ch + "/Power")) {
            return get(x) ? ChassisResources.power(x) : notAllowed(x);
        }
        if (path.equals(ch + "/Thermal")) {
            return get(x) ? ChassisResources.thermal(x) : notAllowed(x);
        }
        if (path.startsWith(TaskResources.MONITORS)) {
            return tasks.monitor(x, path.substring(TaskResources.MONITORS.length()));
        }
        if (path.equals(TaskResources.TASKS)) {
            return tasks.collection(x);
        }
        if (path.startsWith(TaskResources.TASKS + "/")) {
            return tasks.task(x, path.substring(TaskResources.TASKS.length() + 1));
        }
        return staticResource(x);
    }

    private Reply system(Exchange x, String rest) {
        if (rest.isEmpty()) {
            return switch (x.method) {
                case "GET" -> SystemResource.get(x);
                case "PATCH" -> SystemResource.patch(x);
                default -> RedfishErrors.methodNotAllowed(x.t.profile, "GET, PATCH");
            };
        }
        if (rest.equals("/Actions/ComputerSystem.Reset")) {
            return x.method.equals("POST") ? SystemResource.reset(x, tasks)
                    : RedfishErrors.methodNotAllowed(x.t.profile, "POST");
        }
        if (!get(x)) {
            return x.t.tree.has(x.path) ? notAllowed(x) : null;
        }
        Reply r = InventoryResources.handle(x, rest.substring(1));
        return r != null ? r : staticResource(x);
    }

    private Reply staticResource(Exchange x) {
        byte[] body = x.t.tree.bytes(x.path);
        if (body == null) {
            return null;
        }
        return get(x) ? Reply.ok(body) : notAllowed(x);
    }

    private static boolean get(Exchange x) {
        return x.method.equals("GET") || x.method.equals("HEAD");
    }

    private static Reply notAllowed(Exchange x) {
        return RedfishErrors.methodNotAllowed(x.t.profile, "GET");
    }

    /** Used by tests and the control API to show what a BMC's root says about its vendor. */
    public static ObjectNode describe(ProfileTemplates t) {
        return Json.object().put("vendor", t.profile.vendor()).put("profile", t.profile.id())
                .put("systemPath", t.profile.systemPath()).put("managerPath", t.profile.managerPath())
                .put("chassisPath", t.profile.chassisPath());
    }
}
