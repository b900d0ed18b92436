package io.metalfleet.local.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's route table, read from {@code deploy/local/routes.tsv}. The routes come back ordered
 * from the most to the least specific (exact before prefix, then the longer literal first), which is
 * the order nginx must see its regex locations in, because nginx takes the first regex that matches.
 */
public final class RouteTable {

    private final List<Route> routes;

    private RouteTable(List<Route> routes) {
        List<Route> ordered = new ArrayList<>(routes);
        ordered.sort(Comparator.comparing((Route r) -> r.match() == Route.Match.EXACT ? 0 : 1)
                .thenComparing(Comparator.comparingInt(Route::literalLength).reversed())
                .thenComparing(Route::pattern));
        this.routes = List.copyOf(ordered);
    }

    public static RouteTable load(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    public static RouteTable parse(String text, String source) {
        List<Route> routes = new ArrayList<>();
        Map<String, Integer> portByService = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + ":" + (i + 1);
            String[] columns = line.split("\\s+");
            if (columns.length != 4) {
                throw new IllegalArgumentException(where + ": expected 4 columns (path match service port), got "
                        + columns.length);
            }
            Route.Match match;
            int port;
            try {
                match = Route.Match.valueOf(columns[1].toUpperCase(Locale.ROOT));
                port = Integer.parseInt(columns[3]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": match must be exact|prefix and port a number", e);
            }
            Route route;
            try {
                route = new Route(columns[0], match, columns[2], port);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
            Integer known = portByService.putIfAbsent(route.service(), port);
            if (known != null && known != port) {
                // One service, one port: two ports for it would mean two upstreams nobody started.
                throw new IllegalArgumentException(where + ": " + route.service() + " has port " + known
                        + " on an earlier line and " + port + " here");
            }
            if (routes.stream().anyMatch(r -> r.pattern().equals(route.pattern()) && r.match() == route.match())) {
                throw new IllegalArgumentException(where + ": duplicate route " + route.pattern());
            }
            routes.add(route);
        }
        if (routes.isEmpty()) {
            throw new IllegalArgumentException(source + ": no routes");
        }
        return new RouteTable(routes);
    }

    /** Most specific first. */
    public List<Route> routes() {
        return routes;
    }

    /** Each service with its default port, in the order they first appear. */
    public Map<String, Integer> services() {
        Map<String, Integer> services = new LinkedHashMap<>();
        routes.forEach(r -> services.putIfAbsent(r.service(), r.port()));
        return services;
    }

    /** The service the gateway sends {@code path} to: the first route that matches, as in nginx. */
    public Optional<Route> routeFor(String path) {
        return routes.stream().filter(r -> r.matches(path)).findFirst();
    }
}
