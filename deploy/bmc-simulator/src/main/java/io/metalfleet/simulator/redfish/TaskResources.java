package io.metalfleet.simulator.redfish;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metalfleet.simulator.fleet.TaskList;

import java.util.ArrayList;
import java.util.List;

/**
 * Long-running actions: 202 Accepted with a TaskMonitor Location; the monitor answers 202 + Retry-After
 * while the task runs and 200 with the finished Task afterwards (DMTF Redfish Specification, "Asynchronous
 * operations").
 */
final class TaskResources {

    static final String MONITORS = "/redfish/v1/TaskService/TaskMonitors/";
    static final String TASKS = "/redfish/v1/TaskService/Tasks";

    Reply accepted(Exchange x, String action, Runnable effect) {
        long duration = x.t.profile.quirks().taskDuration().toMillis();
        TaskList.Task task = x.bmc.tasks().start(action, x.now, duration, effect);
        return Reply.json(202, Json.bytes(task(task, x.now)))
                .location(MONITORS + task.id)
                .retryAfter(retryAfter(task, x.now));
    }

    Reply monitor(Exchange x, String id) {
        TaskList.Task task = x.bmc.tasks().get(id, x.now);
        if (task == null) {
            return RedfishErrors.notFound(x.t.profile, x.path);
        }
        if (!task.done()) {
            return Reply.json(202, Json.bytes(task(task, x.now))).location(MONITORS + task.id)
                    .retryAfter(retryAfter(task, x.now));
        }
        return Reply.ok(Json.bytes(task(task, x.now)));
    }

    Reply task(Exchange x, String id) {
        TaskList.Task task = x.bmc.tasks().get(id, x.now);
        return task == null ? RedfishErrors.notFound(x.t.profile, x.path) : Reply.ok(Json.bytes(task(task, x.now)));
    }

    Reply collection(Exchange x) {
        List<String> members = new ArrayList<>();
        for (TaskList.Task t : x.bmc.tasks().all(x.now)) {
            members.add(TASKS + "/" + t.id);
        }
        return Reply.ok(Json.bytes(Json.collection("TaskCollection", "Task Collection", TASKS, members)));
    }

    private static ObjectNode task(TaskList.Task t, long now) {
        ObjectNode n = Json.object();
        n.put("@odata.id", TASKS + "/" + t.id).put("@odata.type", "#Task.v1_7_1.Task");
        n.put("Id", t.id).put("Name", "Task " + t.id + " (" + t.action + ")");
        n.put("TaskState", t.done() ? "Completed" : "Running");
        n.put("TaskStatus", "OK");
        n.put("PercentComplete", t.percent(now));
        n.put("TaskMonitor", MONITORS + t.id);
        n.putArray("Messages").addObject().put("MessageId", t.done() ? "Base.1.5.Success" : "TaskEvent.1.0.TaskStarted")
                .put("Message", t.done() ? "Successfully Completed Request" : "The task with Id '" + t.id + "' has started.");
        return n;
    }

    private static int retryAfter(TaskList.Task t, long now) {
        return (int) Math.max(1, (t.dueAt - now + 999) / 1000);
    }
}
