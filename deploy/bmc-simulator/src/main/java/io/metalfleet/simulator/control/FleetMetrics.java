package io.metalfleet.simulator.control;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Fleet totals for Prometheus. Counters are created up front and looked up without allocation, since
 * every Redfish request touches them.
 */
public final class FleetMetrics {

    private static final String[] METHODS = {"GET", "POST", "PATCH", "DELETE", "PUT", "HEAD", "OTHER"};
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter[] requests = new Counter[METHODS.length];
    private final Counter[] responses = new Counter[6];
    private final Map<String, Counter> faults = new ConcurrentHashMap<>();
    private final Counter resets;
    private final Counter sessions;
    private final Counter refused;

    public FleetMetrics() {
        for (int i = 0; i < METHODS.length; i++) {
            requests[i] = Counter.builder("simulator.redfish.requests").tag("method", METHODS[i])
                    .description("Redfish requests received by all BMCs").register(registry);
        }
        for (int i = 1; i < 6; i++) {
            responses[i] = Counter.builder("simulator.redfish.responses").tag("status", i + "xx")
                    .description("Redfish responses sent by all BMCs").register(registry);
        }
        resets = Counter.builder("simulator.resets").description("ComputerSystem.Reset actions accepted").register(registry);
        sessions = Counter.builder("simulator.sessions.created").description("Redfish sessions opened").register(registry);
        refused = Counter.builder("simulator.connections.refused")
                .description("Connections to an address that is no BMC's (address per BMC), closed unanswered").register(registry);
    }

    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    public void request(String method) {
        int i = switch (method) {
            case "GET" -> 0;
            case "POST" -> 1;
            case "PATCH" -> 2;
            case "DELETE" -> 3;
            case "PUT" -> 4;
            case "HEAD" -> 5;
            default -> 6;
        };
        requests[i].increment();
    }

    public void response(int status) {
        int c = status / 100;
        if (c >= 1 && c <= 5) {
            responses[c].increment();
        }
    }

    public void fault(String kind) {
        faults.computeIfAbsent(kind, k -> Counter.builder("simulator.faults.injected").tag("kind", k)
                .description("Faults injected into Redfish requests").register(registry)).increment();
    }

    public void reset() {
        resets.increment();
    }

    public void sessionCreated() {
        sessions.increment();
    }

    public void connectionRefused() {
        refused.increment();
    }

    public double refusedConnections() {
        return refused.count();
    }

    public double total(String method) {
        for (int i = 0; i < METHODS.length; i++) {
            if (METHODS[i].equals(method)) {
                return requests[i].count();
            }
        }
        return 0;
    }

    public String scrape() {
        return registry.scrape();
    }
}
