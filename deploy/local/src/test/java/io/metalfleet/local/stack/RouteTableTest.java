package io.metalfleet.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RouteTableTest {

    private static RouteTable table() throws IOException {
        return RouteTable.load(DesignRoutes.ROUTES_FILE);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("io.metalfleet.local.stack.DesignRoutes#routedPaths")
    void shouldRouteEachDesignPathToItsService(String path, String service) throws IOException {
        Optional<Route> route = table().routeFor(path);
        assertTrue(route.isPresent(), "no route for " + path);
        assertEquals(service, route.get().service(), path);
    }

    @ParameterizedTest
    @MethodSource("io.metalfleet.local.stack.DesignRoutes#unroutedPaths")
    void shouldRouteNothingElse(String path) throws IOException {
        assertEquals(Optional.empty(), table().routeFor(path).map(Route::service), path);
    }

    @Test
    void shouldGiveEachServiceItsStackPort() throws IOException {
        assertEquals(Map.of("inventory-service", 8081, "provisioning-service", 8082, "identity-service", 8083,
                "cert-service", 8084), table().services());
    }

    @Test
    void shouldPutTheExactBatchPowerRouteBeforeTheServersPrefix() throws IOException {
        List<String> patterns = table().routes().stream().map(Route::pattern).toList();
        int batchPower = patterns.indexOf("/v1/regions/*/projects/*/infrastructure/servers:batchPower");
        int servers = patterns.indexOf("/v1/regions/*/projects/*/infrastructure/servers");
        assertTrue(batchPower >= 0 && servers >= 0 && batchPower < servers, patterns.toString());
    }

    @Test
    void shouldOrderByMatchKindNotByFileOrder() {
        RouteTable table = RouteTable.parse("""
                /a/*          prefix  a-service  1001
                /a/*/b        exact   b-service  1002
                """, "inline");
        assertEquals("b-service", table.routeFor("/a/x/b").orElseThrow().service());
        assertEquals("a-service", table.routeFor("/a/x/b/c").orElseThrow().service());
    }

    @Test
    void shouldEscapePunctuationAndMatchOneSegmentPerStar() {
        Route route = new Route("/v1/*/x.y:z", Route.Match.EXACT, "s", 1);
        assertEquals("^/v1/[^/]+/x\\.y\\:z$", route.regex());
        assertTrue(route.matches("/v1/abc/x.y:z"));
        assertFalse(route.matches("/v1/abc/xAy:z"), "'.' must be literal");
        assertFalse(route.matches("/v1/a/b/x.y:z"), "'*' must not span segments");
        assertFalse(route.matches("/v1/abc/x.y:z/more"), "exact must not match longer paths");
    }

    @Test
    void shouldRejectMalformedTables() {
        assertThrows(IllegalArgumentException.class, () -> RouteTable.parse("/a prefix svc\n", "t"), "3 columns");
        assertThrows(IllegalArgumentException.class, () -> RouteTable.parse("/a fuzzy svc 1\n", "t"), "match kind");
        assertThrows(IllegalArgumentException.class, () -> RouteTable.parse("a prefix svc 1\n", "t"), "no leading /");
        assertThrows(IllegalArgumentException.class, () -> RouteTable.parse("/a prefix svc 1\n/b prefix svc 2\n", "t"),
                "two ports for one service");
        assertThrows(IllegalArgumentException.class, () -> RouteTable.parse("/a prefix s 1\n/a prefix s 1\n", "t"),
                "duplicate");
        assertThrows(IllegalArgumentException.class, () -> RouteTable.parse("# only a comment\n", "t"), "empty");
    }

    @Test
    void shouldRenderOneLocationPerRouteInTableOrderWithTheGatewayDuties() throws IOException {
        RouteTable table = table();
        String conf = new NginxConfig(table, Map.of("inventory-service", 18081)).listen("127.0.0.1:18080")
                .render(Path.of("/tmp/prefix"));
        int last = -1;
        for (Route route : table.routes()) {
            int at = conf.indexOf("location ~ \"" + route.regex() + "\" {\n            proxy_pass http://"
                    + route.upstreamName() + ";");
            assertTrue(at > last, "location for " + route.pattern() + " missing or out of order");
            last = at;
        }
        assertTrue(conf.contains("server 127.0.0.1:18081;"), "the port override reaches the upstream");
        assertTrue(conf.contains("server 127.0.0.1:8082;"), "other services keep the table's port");
        assertTrue(conf.contains("listen 127.0.0.1:18080;"));
        assertTrue(conf.contains("client_max_body_size 8m;"));
        assertTrue(conf.contains("proxy_set_header X-Request-Id $metalfleet_request_id;"));
        assertTrue(conf.contains("add_header X-Request-Id $metalfleet_request_id always;"));
        assertTrue(conf.contains("proxy_set_header Authorization $http_authorization;"));
        assertTrue(conf.contains("proxy_set_header X-Auth-Token $http_x_auth_token;"));
        assertTrue(conf.contains("keepalive 64;"));
        assertTrue(conf.contains("pid /tmp/prefix/nginx.pid;"));
        assertFalse(conf.contains("{{"), "every placeholder is filled");
    }

    @Test
    void shouldRefuseAPortOverrideForAServiceWithoutRoutes() throws IOException {
        RouteTable table = table();
        assertThrows(IllegalArgumentException.class, () -> new NginxConfig(table, Map.of("billing-service", 9999)));
    }
}
