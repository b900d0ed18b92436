package io.metalfleet.identity.api;

/**
 * A failure of the token endpoint, answered as RFC 6749 §5.2 says:
 * {@code {"error":"invalid_grant","error_description":"…"}}; mapped by {@link ApiErrorMapper}.
 */
public class OAuthException extends RuntimeException {

    private final int status;
    private final String error;
    private final long retryAfterSeconds;

    public OAuthException(int status, String error, String description, long retryAfterSeconds) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static OAuthException invalidRequest(String description) {
        return new OAuthException(400, "invalid_request", description, 0);
    }

    public static OAuthException invalidClient() {
        return new OAuthException(401, "invalid_client", "client authentication failed", 0);
    }

    public static OAuthException invalidGrant() {
        return new OAuthException(400, "invalid_grant", "the resource owner credentials are invalid", 0);
    }

    public static OAuthException unsupportedGrantType(String grantType) {
        return new OAuthException(400, "unsupported_grant_type",
                "grant_type " + grantType + " is not supported; use password or client_credentials", 0);
    }

    /** Too many failed attempts for this subject: refused, even with the right credentials, until the window passes. */
    public static OAuthException throttled(long retryAfterSeconds) {
        return new OAuthException(429, "slow_down", "too many failed attempts; retry later", retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
