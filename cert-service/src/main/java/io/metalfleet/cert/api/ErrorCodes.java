package io.metalfleet.cert.api;

/** The error codes this service answers with (documented in the README). */
public final class ErrorCodes {

    public static final String INVALID_PARAMETER = "IEF.100001";
    public static final String MALFORMED_BODY = "IEF.100002";
    public static final String UNAUTHORIZED = "IEF.100401";
    public static final String FORBIDDEN = "IEF.100403";
    public static final String NOT_FOUND = "IEF.100404";
    public static final String METHOD_NOT_ALLOWED = "IEF.100405";
    public static final String NOT_ACCEPTABLE = "IEF.100406";
    public static final String CONFLICT = "IEF.100409";
    public static final String TOO_LARGE = "IEF.100413";
    public static final String UNSUPPORTED_MEDIA_TYPE = "IEF.100415";
    public static final String INTERNAL = "IEF.100500";

    private ErrorCodes() {
    }

    static String forStatus(int status) {
        return switch (status) {
            case 400 -> INVALID_PARAMETER;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 413 -> TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            default -> INTERNAL;
        };
    }
}
