package io.metalfleet.provisioning.redfish.connector;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One BMC as the engine addresses it. Host, port and the session key are worked out once here: they
 * are read on every request of the hot path (URI parsing and a SHA-256 per request showed in profiles).
 * {@code toString} never shows the password: targets end up in log lines and exception messages.
 */
public final class BmcTarget {

    private final String serverId;
    private final String endpoint;
    private final String username;
    private final String password;
    private final String host;
    private final int port;
    private final boolean https;
    private final String hostPort;
    private final String sessionKey;

    public BmcTarget(String serverId, String endpoint, String username, String password) {
        URI uri = URI.create(endpoint);
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("BMC endpoint must be http(s)://host[:port]");
        }
        this.serverId = serverId;
        this.endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        this.username = username;
        this.password = password;
        this.https = "https".equals(uri.getScheme());
        this.host = uri.getHost();
        this.port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        this.hostPort = host + ":" + port;
        this.sessionKey = hostPort + "|" + username + "|" + credentialHash(username, password);
    }

    /** A short hash of user + password, so changed credentials log in anew without keeping them in a key. */
    private static String credentialHash(String username, String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((username + "\0" + password).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String serverId() {
        return serverId;
    }

    public String endpoint() {
        return endpoint;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public boolean https() {
        return https;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** host:port, the key of everything kept per BMC (limiter, breaker, pool, TLS trust). */
    public String hostPort() {
        return hostPort;
    }

    /** Session cache key: BMC + user + a hash of the password. */
    public String sessionKey() {
        return sessionKey;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BmcTarget t && serverId.equals(t.serverId) && endpoint.equals(t.endpoint)
                && Objects.equals(username, t.username) && Objects.equals(password, t.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(serverId, endpoint, username);
    }

    @Override
    public String toString() {
        return serverId + "@" + endpoint;
    }
}
