package io.metalfleet.provisioning.redfish.connector;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One BMC as the engine addresses it. {@code toString} never shows the password: targets end up in
 * log lines and exception messages.
 */
public record BmcTarget(String serverId, String endpoint, String username, String password) {

    public BmcTarget {
        URI uri = URI.create(endpoint);
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("BMC endpoint must be http(s)://host[:port]");
        }
        endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    }

    public boolean https() {
        return endpoint.startsWith("https:");
    }

    public String host() {
        return URI.create(endpoint).getHost();
    }

    public int port() {
        URI uri = URI.create(endpoint);
        return uri.getPort() > 0 ? uri.getPort() : https() ? 443 : 80;
    }

    /** host:port, the key of everything kept per BMC (limiter, breaker, pool, TLS trust). */
    public String hostPort() {
        return host() + ":" + port();
    }

    /** Session cache key: BMC + user + a hash of the password, so changed credentials log in anew. */
    public String sessionKey() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((username + "\0" + password).getBytes(StandardCharsets.UTF_8));
            return hostPort() + "|" + username + "|" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return serverId + "@" + endpoint;
    }
}
