package io.metalfleet.local.stack;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An external PostgreSQL server named by {@code METALFLEET_PG_URL}:
 * {@code postgresql://user[:password]@host[:port][/database][?…]} ({@code postgres://} too). The
 * database part is ignored: the stack creates one database per service on that server.
 */
public record PgUrl(String host, int port, String user, String password) {

    private static final Pattern URL = Pattern.compile(
            "postgres(?:ql)?://(?:([^:@/]+)(?::([^@/]*))?@)?(\\[[0-9a-fA-F:]+]|[^:/?\\[\\]]+)(?::(\\d{1,5}))?(?:/[^?]*)?(?:\\?.*)?");

    public static PgUrl parse(String url) {
        Matcher m = URL.matcher(url == null ? "" : url.strip());
        if (!m.matches()) {
            // The URL may hold a password: the message must not repeat it.
            throw new IllegalArgumentException(
                    "METALFLEET_PG_URL must look like postgresql://user:password@host:port");
        }
        String user = m.group(1) == null ? "postgres" : decode(m.group(1));
        String password = m.group(2) == null ? "" : decode(m.group(2));
        int port = m.group(4) == null ? 5432 : Integer.parseInt(m.group(4));
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("METALFLEET_PG_URL has an invalid port " + port);
        }
        return new PgUrl(m.group(3), port, user, password);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String reactiveUrl(String database) {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    /** Never prints the password (records print every component by default). */
    @Override
    public String toString() {
        return "PgUrl[" + user + "@" + host + ":" + port + "]";
    }

    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
