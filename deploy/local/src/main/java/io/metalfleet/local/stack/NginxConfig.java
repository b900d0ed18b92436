package io.metalfleet.local.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Renders the gateway's nginx.conf from the route table and the template in {@code gateway/}. */
public final class NginxConfig {

    private static final String TEMPLATE = "/gateway/nginx.conf.template";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z_]+)}}");

    private final RouteTable table;
    private final Map<String, Integer> ports;
    private String listen = "127.0.0.1:8080";
    private String upstreamHost = "127.0.0.1";
    private String maxBody = "8m";
    private String workers = "auto";

    /** {@code portOverrides} replaces the table's default port of a service (env overrides of the stack). */
    public NginxConfig(RouteTable table, Map<String, Integer> portOverrides) {
        this.table = table;
        this.ports = new LinkedHashMap<>(table.services());
        portOverrides.forEach((service, port) -> {
            if (!ports.containsKey(service)) {
                throw new IllegalArgumentException("no route goes to " + service + "; known: " + ports.keySet());
            }
            ports.put(service, port);
        });
    }

    public NginxConfig listen(String hostAndPort) {
        this.listen = hostAndPort;
        return this;
    }

    public NginxConfig upstreamHost(String host) {
        this.upstreamHost = host;
        return this;
    }

    public NginxConfig maxBody(String size) {
        if (!size.matches("[0-9]+[kKmM]?")) {
            throw new IllegalArgumentException("not an nginx size: " + size);
        }
        this.maxBody = size;
        return this;
    }

    public NginxConfig workers(String workers) {
        this.workers = workers;
        return this;
    }

    public Map<String, Integer> ports() {
        return Map.copyOf(ports);
    }

    public String render(Path prefix) {
        Map<String, String> values = Map.of(
                "PREFIX", prefix.toAbsolutePath().normalize().toString(),
                "WORKERS", workers,
                "MAX_BODY", maxBody,
                "LISTEN", listen,
                "UPSTREAMS", upstreams(),
                "LOCATIONS", locations());
        Matcher m = PLACEHOLDER.matcher(template());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("the nginx template uses an unknown placeholder " + m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String upstreams() {
        StringBuilder out = new StringBuilder();
        ports.forEach((service, port) -> out
                .append("    upstream ").append(service.replace('-', '_')).append(" {\n")
                .append("        server ").append(upstreamHost).append(':').append(port).append(";\n")
                // Idle connections kept open to the service: no TCP handshake per proxied request.
                .append("        keepalive 64;\n")
                .append("    }\n"));
        return out.toString();
    }

    private String locations() {
        StringBuilder out = new StringBuilder();
        for (Route route : table.routes()) {
            out.append("        # ").append(route.pattern()).append(" (").append(route.match().name().toLowerCase())
                    .append(") -> ").append(route.service()).append('\n')
                    .append("        location ~ \"").append(route.regex()).append("\" {\n")
                    .append("            proxy_pass http://").append(route.upstreamName()).append(";\n")
                    .append("        }\n");
        }
        return out.toString();
    }

    private static String template() {
        try (InputStream in = NginxConfig.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException(TEMPLATE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
