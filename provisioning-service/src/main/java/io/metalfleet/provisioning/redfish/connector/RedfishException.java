package io.metalfleet.provisioning.redfish.connector;

/**
 * A definite failure of a Redfish call, with a kind a result can be grouped by and a reason a person
 * can act on. Never carries credentials or a stack of internals in its message.
 */
public class RedfishException extends RuntimeException {

    /** What went wrong, coarse enough to count (bench "errors by kind", operation results). */
    public enum Kind {
        TRANSPORT, TIMEOUT, HTTP_ERROR, AUTH, NOT_ALLOWED, CIRCUIT_OPEN, TLS, PROTOCOL, DEADLINE, CANCELLED
    }

    private final Kind kind;
    private final int status;

    public RedfishException(Kind kind, String message) {
        this(kind, 0, message);
    }

    public RedfishException(Kind kind, int status, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.status = status;
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return kind.name().toLowerCase().replace('_', '-') + ": " + getMessage();
    }
}
