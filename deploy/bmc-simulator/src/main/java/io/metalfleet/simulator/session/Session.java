package io.metalfleet.simulator.session;

/** One open Redfish session. */
public record Session(String id, String token, String user, String createdTime) {
}
