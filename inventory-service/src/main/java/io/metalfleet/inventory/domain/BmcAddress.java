package io.metalfleet.inventory.domain;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A BMC address as operators write it — {@code host}, {@code host:port}, {@code https://host[:port]}
 * (or {@code http://} for lab BMCs), with IPv4, IPv6 ({@code [v6]:port}, or bare without a port) or a
 * DNS name — and its normalized endpoint {@code scheme://host:port}, which is what makes two
 * spellings of the same BMC one server.
 */
public record BmcAddress(String scheme, String host, int port) {

    private static final Pattern WITH_SCHEME = Pattern.compile("(?i)(https?)://(.+)");
    private static final Pattern BRACKETED_V6 = Pattern.compile("\\[([0-9a-fA-F:.%]+)](?::(\\d{1,5}))?");
    private static final Pattern HOST_PORT = Pattern.compile("([^:\\[\\]/]+)(?::(\\d{1,5}))?");
    private static final Pattern DNS_NAME = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    /** The endpoint an engine connects to, e.g. {@code https://[2001:db8::1]:443}. */
    public String endpoint() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return scheme + "://" + h + ":" + port;
    }

    /** Parses {@code raw}; empty with the reason in {@code problem} when it is not a BMC address. */
    public static Optional<BmcAddress> parse(String raw, StringBuilder problem) {
        if (raw == null || raw.isBlank()) {
            problem.append("must not be empty");
            return Optional.empty();
        }
        String rest = raw.trim();
        String scheme = "https";
        Matcher schemeMatch = WITH_SCHEME.matcher(rest);
        if (schemeMatch.matches()) {
            scheme = schemeMatch.group(1).toLowerCase(Locale.ROOT);
            rest = schemeMatch.group(2);
            if (rest.endsWith("/")) {
                rest = rest.substring(0, rest.length() - 1);
            }
        } else if (rest.contains("://")) {
            problem.append("scheme must be https or http");
            return Optional.empty();
        }
        if (rest.contains("/") || rest.contains("@") || rest.contains("?") || rest.contains("#")) {
            problem.append("must be host, host:port or https://host[:port] without user, path or query");
            return Optional.empty();
        }
        int defaultPort = scheme.equals("https") ? 443 : 80;
        String host;
        String port;
        Matcher v6 = BRACKETED_V6.matcher(rest);
        Matcher hostPort = HOST_PORT.matcher(rest);
        if (v6.matches()) {
            host = v6.group(1);
            port = v6.group(2);
            if (!isIpv6(host)) {
                problem.append("'" + host + "' is not an IPv6 address");
                return Optional.empty();
            }
        } else if (rest.chars().filter(c -> c == ':').count() > 1) {
            // A bare IPv6 address cannot carry a port: it must be bracketed for that.
            host = rest;
            port = null;
            if (!isIpv6(host)) {
                problem.append("'" + rest + "' is not an IPv6 address (write [address]:port to give a port)");
                return Optional.empty();
            }
        } else if (hostPort.matches()) {
            host = hostPort.group(1).toLowerCase(Locale.ROOT);
            port = hostPort.group(2);
            if (IPV4.matcher(host).matches()) {
                if (!isIpv4(host)) {
                    problem.append("'" + host + "' is not an IPv4 address");
                    return Optional.empty();
                }
            } else if (!DNS_NAME.matcher(host).matches() || host.matches("[0-9.]+")) {
                problem.append("'" + host + "' is not an IP address or a DNS name");
                return Optional.empty();
            }
        } else {
            problem.append("must be host, host:port or https://host[:port]");
            return Optional.empty();
        }
        int portNumber = defaultPort;
        if (port != null) {
            portNumber = Integer.parseInt(port);
            if (portNumber < 1 || portNumber > 65535) {
                problem.append("port must be between 1 and 65535");
                return Optional.empty();
            }
        }
        if (host.contains(":")) {
            host = canonicalIpv6(host);
        }
        return Optional.of(new BmcAddress(scheme, host, portNumber));
    }

    private static boolean isIpv4(String host) {
        Matcher m = IPV4.matcher(host);
        if (!m.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            String octet = m.group(i);
            if (Integer.parseInt(octet) > 255 || (octet.length() > 1 && octet.startsWith("0"))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6(String host) {
        if (!host.matches("[0-9a-fA-F:.]+") || !host.contains(":")) {
            return false;
        }
        try {
            // Literal parsing only: no name lookup happens for a string of hex digits and colons.
            return InetAddress.getByName(host) instanceof Inet6Address;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String canonicalIpv6(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress().replaceAll("(^|:)0(:0)+(:|$)", "::")
                    .replaceFirst(":::", "::");
        } catch (UnknownHostException e) {
            return host.toLowerCase(Locale.ROOT);
        }
    }
}
