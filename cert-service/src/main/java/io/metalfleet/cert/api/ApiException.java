package io.metalfleet.cert.api;

/** A failure the API answers with its status, error code and message; mapped by {@link ApiErrorMapper}. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static ApiException badRequest(String field, String description) {
        return new ApiException(400, ErrorCodes.INVALID_PARAMETER, "invalid " + field + ": " + description);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, ErrorCodes.UNAUTHORIZED, message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, ErrorCodes.FORBIDDEN, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, ErrorCodes.NOT_FOUND, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, ErrorCodes.CONFLICT, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
