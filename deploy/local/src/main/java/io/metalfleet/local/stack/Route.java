package io.metalfleet.local.stack;

import java.util.regex.Pattern;

/**
 * One row of the gateway route table: a path pattern where {@code *} is exactly one path segment,
 * matched either as the whole path ({@link Match#EXACT}) or as its beginning ({@link Match#PREFIX}).
 * The same row renders as an nginx regex location and, later, as a Gateway API HTTPRoute rule; the
 * Java matcher here uses the very regex nginx gets, so the tests check what nginx will do.
 */
public record Route(String pattern, Match match, String service, int port) {

    public enum Match {
        EXACT, PREFIX
    }

    /** One path segment: what {@code *} stands for. */
    static final String SEGMENT = "[^/]+";

    public Route {
        if (pattern == null || !pattern.startsWith("/")) {
            throw new IllegalArgumentException("a route path must start with '/': " + pattern);
        }
        if (pattern.chars().anyMatch(c -> Character.isWhitespace(c) || c == '"' || c == '{' || c == '}' || c == ';')) {
            // These would need quoting rules in nginx and are never part of a Metalfleet path.
            throw new IllegalArgumentException("a route path may not contain blanks, quotes, braces or ';': " + pattern);
        }
        if (service == null || !service.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("not a service name: " + service);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("not a port: " + port);
        }
    }

    /** An anchored regular expression valid both for nginx (PCRE) and for java.util.regex. */
    public String regex() {
        StringBuilder regex = new StringBuilder("^");
        for (char c : pattern.toCharArray()) {
            if (c == '*') {
                regex.append(SEGMENT);
            } else if (Character.isLetterOrDigit(c) || c == '/') {
                regex.append(c);
            } else {
                // A backslash before punctuation is a literal in both dialects (".", ":", "-", "_").
                regex.append('\\').append(c);
            }
        }
        if (match == Match.EXACT) {
            regex.append('$');
        }
        return regex.toString();
    }

    public boolean matches(String path) {
        return Pattern.compile(regex()).matcher(path).find();
    }

    /** Characters that are not wildcards: the more, the more specific the route. */
    public int literalLength() {
        return pattern.replace("*", "").length();
    }

    /** The nginx upstream block name of this route's service. */
    public String upstreamName() {
        return service.replace('-', '_');
    }
}
