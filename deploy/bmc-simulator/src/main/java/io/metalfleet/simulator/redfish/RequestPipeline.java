package io.metalfleet.simulator.redfish;

import io.metalfleet.simulator.control.FleetMetrics;
import io.metalfleet.simulator.fault.FaultSpec;
import io.metalfleet.simulator.fault.LatencyModel;
import io.metalfleet.simulator.fleet.BmcState;
import io.metalfleet.simulator.fleet.Clock;
import io.metalfleet.simulator.fleet.HostTiming;
import io.metalfleet.simulator.profile.VendorProfile;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one door of every BMC: count the request, inject faults, wait the latency (a Vert.x timer, never
 * a sleep), authenticate, apply vendor "not ready" windows, route, write. The in-flight count is
 * released when the response ends or the connection dies, so a request that never gets an answer
 * still counts as concurrent for as long as the client waits on it.
 */
public final class RequestPipeline {

    private static final CharSequence JSON_TYPE = HttpHeaders.createOptimized("application/json; charset=utf-8");
    private static final CharSequence ODATA_VERSION = HttpHeaders.createOptimized("OData-Version");
    private static final CharSequence V4 = HttpHeaders.createOptimized("4.0");
    private static final CharSequence X_AUTH_TOKEN = HttpHeaders.createOptimized("X-Auth-Token");
    private static final CharSequence RETRY_AFTER = HttpHeaders.createOptimized("Retry-After");
    private static final CharSequence WWW_AUTH = HttpHeaders.createOptimized("WWW-Authenticate");
    private static final CharSequence BASIC_REALM = HttpHeaders.createOptimized("Basic realm=\"Redfish\"");

    private final Vertx vertx;
    private final HostTiming timing;
    private final Map<VendorProfile, ProfileTemplates> templates;
    private final RedfishRouter router = new RedfishRouter();
    /** One per event loop thread: the loop's answers waiting out their latency. */
    private final FastThreadLocal<LatencyQueue> latencyQueues = new FastThreadLocal<>();
    private final FleetMetrics metrics;
    private volatile LatencyModel fleetLatency;

    public RequestPipeline(Vertx vertx, HostTiming timing, Map<VendorProfile, ProfileTemplates> templates,
                           FleetMetrics metrics, LatencyModel fleetLatency) {
        this.vertx = vertx;
        this.timing = timing;
        this.templates = templates;
        this.metrics = metrics;
        this.fleetLatency = fleetLatency;
    }

    public void fleetLatency(LatencyModel m) {
        fleetLatency = m;
    }

    public LatencyModel fleetLatency() {
        return fleetLatency;
    }

    public void handle(BmcState bmc, HttpServerRequest req) {
        String path = normalize(req.path());
        String method = req.method().name();
        bmc.counters().requestStarted(method, path);
        metrics.request(method);
        HttpServerResponse resp = req.response();
        Release release = new Release(bmc);
        resp.endHandler(release);
        resp.closeHandler(release);
        FaultSpec f = bmc.faults();
        int injected = f.affectsRequests() ? roll(f) : 0;
        if (injected == 1) {
            metrics.fault("timeout");
            return;
        }
        if (injected == 2) {
            metrics.fault("connection-reset");
            resetConnection(req);
            return;
        }
        long delay = (f.latency() != null ? f.latency() : fleetLatency).sampleMs();
        if (method.equals("POST") || method.equals("PATCH") || method.equals("PUT")) {
            req.body().onSuccess(buf -> later(bmc, req, path, buf.getBytes(), delay, injected, f));
        } else {
            later(bmc, req, path, null, delay, injected, f);
        }
    }

    private void later(BmcState bmc, HttpServerRequest req, String path, byte[] body, long delay, int injected,
                       FaultSpec f) {
        if (delay > 0) {
            Runnable answer = () -> process(bmc, req, path, body, injected, f);
            LatencyQueue queue = latencyQueue();
            if (queue != null) {
                queue.after(delay, answer);
            } else {
                vertx.setTimer(delay, id -> answer.run());
            }
        } else {
            process(bmc, req, path, body, injected, f);
        }
    }

    /** The latency queue of this event loop; null off the event loops (there is none then). */
    private LatencyQueue latencyQueue() {
        if (!Context.isOnEventLoopThread()) {
            return null;
        }
        LatencyQueue q = latencyQueues.get();
        if (q == null) {
            q = new LatencyQueue(vertx);
            latencyQueues.set(q);
        }
        return q;
    }

    private void process(BmcState bmc, HttpServerRequest req, String path, byte[] body, int injected, FaultSpec f) {
        ProfileTemplates t = templates.get(bmc.profile());
        Reply reply;
        if (injected == 3) {
            metrics.fault("http-500");
            reply = RedfishErrors.internal(t.profile);
        } else if (injected == 4) {
            metrics.fault("http-503");
            reply = RedfishErrors.unavailable(t.profile, f.retryAfterOrDefault(), "injected fault");
        } else {
            reply = answer(new Exchange(bmc, t, timing, req, path, body, Clock.nowMs()));
        }
        write(req, reply);
    }

    private Reply answer(Exchange x) {
        boolean pub = RedfishRouter.isPublic(x.method, x.path);
        if (!pub && !RedfishRouter.authenticated(x)) {
            return RedfishErrors.unauthorized(x.t.profile);
        }
        long notReady = x.t.profile.quirks().notReadyAfterPowerChange().toMillis();
        if (!pub && notReady > 0 && x.bmc.host().inNotReadyWindow(x.now, notReady)) {
            return RedfishErrors.unavailable(x.t.profile, (int) Math.max(1, (notReady + 999) / 1000),
                    "the BMC is processing a power change");
        }
        boolean read = x.method.equals("GET") || x.method.equals("HEAD");
        String expand = read ? x.expandParameter() : null;
        Expansion.Plan plan = expand == null ? Expansion.Plan.IGNORE : Expansion.plan(x.t, expand);
        if (plan.refusal() != null) {
            return plan.refusal();
        }
        int resetsBefore = x.bmc.counters().resets();
        int sessionsBefore = x.bmc.counters().sessionsCreated();
        Reply r = router.route(x);
        // a public resource read without credentials is not a way around them: its links stay links
        if (plan.request() != null && r.status == 200 && (!pub || RedfishRouter.authenticated(x))) {
            r = Expansion.apply(router, x, r, plan.request());
        }
        if (x.bmc.counters().resets() != resetsBefore) {
            metrics.reset();
        }
        if (x.bmc.counters().sessionsCreated() != sessionsBefore) {
            metrics.sessionCreated();
        }
        return r;
    }

    private void write(HttpServerRequest req, Reply r) {
        HttpServerResponse resp = req.response();
        if (resp.closed() || resp.ended()) {
            return;
        }
        metrics.response(r.status);
        resp.setStatusCode(r.status);
        MultiMap h = resp.headers();
        h.set(ODATA_VERSION, V4);
        if (r.etag != null) {
            h.set(HttpHeaders.ETAG, r.etag);
        }
        if (r.location != null) {
            h.set(HttpHeaders.LOCATION, r.location);
        }
        if (r.authToken != null) {
            h.set(X_AUTH_TOKEN, r.authToken);
        }
        if (r.retryAfter != null) {
            h.set(RETRY_AFTER, Integer.toString(r.retryAfter));
        }
        if (r.allow != null) {
            h.set(HttpHeaders.ALLOW, r.allow);
        }
        if (r.status == 401) {
            h.set(WWW_AUTH, BASIC_REALM);
        }
        if (r.body == null || r.status == 204) {
            resp.end();
            return;
        }
        h.set(HttpHeaders.CONTENT_TYPE, JSON_TYPE);
        if (req.method().name().equals("HEAD")) {
            h.set(HttpHeaders.CONTENT_LENGTH, Integer.toString(r.body.length));
            resp.end();
        } else {
            resp.end(Buffer.buffer(Unpooled.wrappedBuffer(r.body))); // the reply's bytes as they are, not a copy
        }
    }

    /** 0 none, 1 timeout, 2 connection reset, 3 HTTP 500, 4 HTTP 503. */
    private static int roll(FaultSpec f) {
        double r = ThreadLocalRandom.current().nextDouble();
        if ((r -= f.timeoutRate()) < 0) {
            return 1;
        }
        if ((r -= f.resetRate()) < 0) {
            return 2;
        }
        if ((r -= f.errorRate()) < 0) {
            return 3;
        }
        if ((r -= f.unavailableRate()) < 0) {
            return 4;
        }
        return 0;
    }

    /** A real TCP RST (SO_LINGER 0 then close), what a crashing BMC web server does to a client. */
    private static void resetConnection(HttpServerRequest req) {
        if (req.connection() instanceof ConnectionBase cb) {
            cb.channel().config().setOption(ChannelOption.SO_LINGER, 0);
            cb.channel().close();
        } else {
            req.connection().close();
        }
    }

    static String normalize(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        int end = path.length();
        while (end > 1 && path.charAt(end - 1) == '/') {
            end--;
        }
        return end == path.length() ? path : path.substring(0, end);
    }

    /** Releases the in-flight slot once, whichever of end or close comes first. */
    private static final class Release implements io.vertx.core.Handler<Void> {
        private final BmcState bmc;
        private boolean done;

        Release(BmcState bmc) {
            this.bmc = bmc;
        }

        @Override
        public void handle(Void v) {
            if (!done) {
                done = true;
                bmc.counters().requestFinished();
            }
        }
    }
}
