package io.metalfleet.local.demo;

/** A step of the journey did not get what it needed; the message says what, with the HTTP exchange when there was one. */
public final class StepFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StepFailedException(String message) {
        super(message);
    }

    public StepFailedException(String message, ApiResponse response) {
        super(message + "\n    " + response.describe());
    }
}
