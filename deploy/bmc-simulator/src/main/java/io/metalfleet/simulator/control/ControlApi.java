package io.metalfleet.simulator.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metalfleet.simulator.BmcFleet;
import io.metalfleet.simulator.SimulatedBmc;
import io.metalfleet.simulator.fault.FaultSpec;
import io.metalfleet.simulator.fault.LatencyModel;
import io.metalfleet.simulator.redfish.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * The simulator's own API on a separate port (JSON): fleet summary, inventory, per-BMC state and
 * counters, faults per BMC or for a seeded fraction, the power button, counter reset, Prometheus.
 */
public final class ControlApi {

    private final BmcFleet fleet;
    private final Vertx vertx;
    private HttpServer server;

    public ControlApi(BmcFleet fleet, Vertx vertx) {
        this.fleet = fleet;
        this.vertx = vertx;
    }

    public Future<HttpServer> listen(String host, int port) {
        Router r = Router.router(vertx);
        r.route().handler(BodyHandler.create().setBodyLimit(64 * 1024));
        r.get("/fleet").handler(c -> json(c, 200, FleetViews.summary(fleet)));
        r.get("/jvm").handler(c -> json(c, 200, JvmStats.snapshot("true".equals(c.request().getParam("gc")))));
        r.get("/bmcs").handler(c -> json(c, 200, fleet.inventory()));
        r.get("/bmcs/:i").handler(c -> withBmc(c, b -> json(c, 200, FleetViews.bmc(b))));
        r.get("/bmcs/:i/faults").handler(c -> withBmc(c, b -> json(c, 200, Json.MAPPER.valueToTree(b.faults()))));
        r.put("/bmcs/:i/faults").handler(c -> withBmc(c, b -> setFaults(c, List.of(b.index()), parseFaults(c.body().asString()))));
        r.post("/bmcs/:i/faults").handler(c -> withBmc(c, b -> setFaults(c, List.of(b.index()), parseFaults(c.body().asString()))));
        r.delete("/bmcs/:i/faults").handler(c -> withBmc(c, b -> setFaults(c, List.of(b.index()), FaultSpec.NONE)));
        r.post("/faults").handler(this::fractionFaults);
        r.put("/faults").handler(this::fractionFaults);
        r.delete("/faults").handler(c -> {
            List<Integer> all = new ArrayList<>();
            fleet.bmcs().forEach(b -> all.add(b.index()));
            setFaults(c, all, FaultSpec.NONE);
        });
        r.put("/latency").handler(this::latency);
        r.post("/bmcs/:i/power").handler(c -> withBmc(c, b -> power(c, b)));
        r.post("/counters/reset").handler(c -> {
            fleet.resetCounters();
            json(c, 200, Json.object().put("reset", fleet.size()));
        });
        r.get("/metrics").handler(c -> c.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(fleet.metrics().scrape()));
        r.get("/ca.pem").handler(c -> {
            String pem = fleet.caCertificatePem();
            if (pem == null) {
                error(c, 404, "this fleet has no CA (plain HTTP or self-signed certificates)");
            } else {
                c.response().putHeader("Content-Type", "application/x-pem-file").end(pem);
            }
        });
        r.route().failureHandler(c -> error(c, c.statusCode() > 0 ? c.statusCode() : 400,
                c.failure() == null ? "request failed" : c.failure().getMessage()));
        return vertx.createHttpServer().requestHandler(r).listen(port, host).onSuccess(s -> server = s);
    }

    public int port() {
        return server == null ? -1 : server.actualPort();
    }

    private void fractionFaults(RoutingContext c) {
        JsonNode body = Json.parseObject(c.body().buffer() == null ? null : c.body().buffer().getBytes());
        if (body == null || !body.has("fraction")) {
            error(c, 400, "expected {\"fraction\": 0.1, \"seed\": 7, \"faults\": {...}}");
            return;
        }
        FaultSpec spec = parseFaults(body.path("faults").toString());
        List<Integer> chosen = io.metalfleet.simulator.fault.FaultPlanner.pick(fleet.size(),
                body.get("fraction").asDouble(), body.path("seed").asLong(fleet.config().seed()));
        setFaults(c, chosen, spec);
    }

    private void setFaults(RoutingContext c, List<Integer> indices, FaultSpec spec) {
        try {
            fleet.checkFaults(spec); // before any BMC is changed: all or none
        } catch (IllegalArgumentException e) {
            error(c, 400, e.getMessage());
            return;
        }
        List<Future<Boolean>> updates = new ArrayList<>();
        indices.forEach(i -> updates.add(fleet.applyFaultsAsync(i, spec)));
        Future.all(updates).onComplete(ar -> {
            ObjectNode out = Json.object();
            out.set("faults", Json.MAPPER.valueToTree(spec));
            out.put("count", indices.size());
            var arr = out.putArray("bmcs");
            indices.forEach(arr::add);
            json(c, 200, out);
        });
    }

    private void latency(RoutingContext c) {
        ObjectNode body = Json.parseObject(c.body().buffer() == null ? null : c.body().buffer().getBytes());
        if (body == null || !body.has("latency")) {
            error(c, 400, "expected {\"latency\": \"50\" | \"uniform:20-200\" | \"exp:50-2000\"}");
            return;
        }
        fleet.latency(LatencyModel.parse(body.get("latency").asText()));
        json(c, 200, Json.MAPPER.valueToTree(fleet.latency()));
    }

    private void power(RoutingContext c, SimulatedBmc b) {
        ObjectNode body = Json.parseObject(c.body().buffer() == null ? null : c.body().buffer().getBytes());
        String action = body == null ? "press" : body.path("action").asText("press");
        switch (action) {
            case "press" -> b.pressPowerButton();
            case "hold" -> b.holdPowerButton();
            case "on" -> {
                if (!b.powerState().equals("On")) {
                    b.pressPowerButton();
                }
            }
            case "off" -> b.holdPowerButton();
            default -> {
                error(c, 400, "action must be press, hold, on or off");
                return;
            }
        }
        json(c, 200, FleetViews.bmc(b));
    }

    /** Accepts the record's JSON, with "latency" also as a string such as "uniform:20-200". */
    private static FaultSpec parseFaults(String text) {
        try {
            ObjectNode n = text == null || text.isBlank() ? Json.object() : (ObjectNode) Json.MAPPER.readTree(text);
            if (n.has("latency") && n.get("latency").isTextual()) {
                n.set("latency", Json.MAPPER.valueToTree(LatencyModel.parse(n.get("latency").asText())));
            }
            return Json.MAPPER.treeToValue(n, FaultSpec.class);
        } catch (Exception e) {
            throw new IllegalArgumentException("bad faults JSON: " + e.getMessage());
        }
    }

    private void withBmc(RoutingContext c, java.util.function.Consumer<SimulatedBmc> action) {
        int i;
        try {
            i = Integer.parseInt(c.pathParam("i"));
        } catch (NumberFormatException e) {
            error(c, 400, "BMC index must be a number");
            return;
        }
        if (i < 0 || i >= fleet.size()) {
            error(c, 404, "no BMC " + i + " (fleet has " + fleet.size() + ")");
            return;
        }
        try {
            action.accept(fleet.bmc(i));
        } catch (IllegalArgumentException e) {
            error(c, 400, e.getMessage());
        }
    }

    private static void json(RoutingContext c, int status, JsonNode body) {
        c.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toString());
    }

    private static void error(RoutingContext c, int status, String message) {
        json(c, status, Json.object().put("error", message));
    }
}
