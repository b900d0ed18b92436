package io.metalfleet.provisioning.redfish.connector;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/**
 * Follows a {@code 202 Accepted} to its end: polls the TaskMonitor (the Location header) at the pace
 * its Retry-After asks, until it answers with the finished Task; fails on an exception state or
 * after the task deadline.
 */
public final class TaskMonitor {

    private TaskMonitor() {
    }

    /** The final answer: the response itself when it was not a 202, else the finished task's. */
    public static Uni<RedfishResponse> follow(RedfishConnector connector, BmcTarget target, RedfishResponse response, String what) {
        if (response.status() != 202) {
            return Uni.createFrom().item(response);
        }
        String monitor = response.header("Location");
        if (monitor == null) {
            // accepted with nothing to follow: the caller confirms by the resource's state
            return Uni.createFrom().item(response);
        }
        long deadline = System.currentTimeMillis() + connector.settings().taskTimeout().toMillis();
        return poll(connector, target, monitor, response, deadline, what);
    }

    private static Uni<RedfishResponse> poll(RedfishConnector connector, BmcTarget target, String monitor,
            RedfishResponse last, long deadline, String what) {
        if (System.currentTimeMillis() > deadline) {
            return Uni.createFrom().failure(new RedfishException(RedfishException.Kind.DEADLINE,
                    what + ": task " + monitor + " still running at its deadline"));
        }
        Duration wait = RetryAfter.parse(last.header("Retry-After"));
        return connector.after(wait == null ? Duration.ofSeconds(1) : wait)
                .chain(() -> connector.get(target, monitor))
                .chain(next -> {
                    if (next.status() == 202) {
                        return poll(connector, target, monitor, next, deadline, what);
                    }
                    next.requireOk(what + ": task monitor");
                    JsonNode task = next.json();
                    String state = task.path("TaskState").asText("Completed");
                    if (state.equals("Exception") || state.equals("Killed") || state.equals("Cancelled")
                            || task.path("TaskStatus").asText("OK").equals("Critical")) {
                        return Uni.createFrom().failure(new RedfishException(RedfishException.Kind.HTTP_ERROR,
                                what + ": task ended " + state));
                    }
                    return Uni.createFrom().item(next);
                });
    }
}
