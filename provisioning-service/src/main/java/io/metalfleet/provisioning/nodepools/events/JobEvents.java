package io.metalfleet.provisioning.nodepools.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.metalfleet.provisioning.nodepools.persistence.JobRepository.Job;
import io.metalfleet.provisioning.nodepools.persistence.JobRepository.JobNode;
import io.metalfleet.provisioning.persistence.OutboxRepository.NewEvent;

/**
 * The payloads this package publishes on {@code provisioning.jobs} (README "Events"). Every event of a job is
 * keyed by the job id (its aggregate), so a subscriber reads them in order. Public material only: a CSR, never a key.
 */
@ApplicationScoped
public class JobEvents {

    public static final String TOPIC = "provisioning.jobs";
    public static final String JOB_CREATED = "job.created";
    public static final String JOB_PROGRESSED = "job.progressed";
    public static final String JOB_FINISHED = "job.finished";
    public static final String NODE_JOINING = "node.joining";
    public static final String NODE_JOINED = "node.joined";
    public static final String NODE_REMOVED = "node.removed";

    @Inject
    ObjectMapper json;

    public NewEvent created(Job job, List<JobNode> nodes) {
        Map<String, Object> data = job(job);
        data.put("nodes", nodes.stream().map(JobEvents::node).toList());
        data.put("createdAt", job.createdAt().toString());
        return event(job, JOB_CREATED, data);
    }

    /** One node's sub-job moved (or the job as a whole started running when {@code node} is null). */
    public NewEvent progressed(Job job, String phase, JobNode node, Instant at) {
        Map<String, Object> data = job(job);
        data.put("phase", phase);
        if (node != null) {
            data.put("node", node(node));
        }
        data.put("at", at.toString());
        return event(job, JOB_PROGRESSED, data);
    }

    public NewEvent finished(Job job, List<JobNode> nodes) {
        Map<String, Object> data = job(job);
        data.put("reason", job.reason() == null ? "" : job.reason());
        data.put("nodes", nodes.stream().map(JobEvents::node).toList());
        data.put("finishedAt", job.updatedAt().toString());
        return event(job, JOB_FINISHED, data);
    }

    /**
     * Exactly what cert-service consumes ({@code jobId, projectId, clusterId, serverId, nodeName, csr}): it signs the
     * CSR under the cluster's CA and answers certificate.issued with jobId and serverId.
     */
    public NewEvent joining(Job job, String serverId, String nodeName, String csrPem) {
        Map<String, Object> data = nodeEvent(job, serverId, nodeName);
        data.put("csr", csrPem);
        return event(job, NODE_JOINING, data);
    }

    public NewEvent joined(Job job, String serverId, String nodeName, String serial, String notAfter, Instant at) {
        Map<String, Object> data = nodeEvent(job, serverId, nodeName);
        data.put("nodePoolId", job.poolId().toString());
        data.put("certificateSerial", serial);
        data.put("certificateNotAfter", notAfter);
        data.put("joinedAt", at.toString());
        return event(job, NODE_JOINED, data);
    }

    public NewEvent removed(Job job, String serverId, String nodeName, Instant at) {
        Map<String, Object> data = nodeEvent(job, serverId, nodeName);
        data.put("nodePoolId", job.poolId().toString());
        data.put("removedAt", at.toString());
        return event(job, NODE_REMOVED, data);
    }

    private static Map<String, Object> nodeEvent(Job job, String serverId, String nodeName) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("jobId", job.id().toString());
        data.put("projectId", job.project());
        data.put("clusterId", job.clusterId());
        data.put("serverId", serverId);
        data.put("nodeName", nodeName);
        return data;
    }

    private static Map<String, Object> job(Job job) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("jobId", job.id().toString());
        data.put("type", job.type());
        data.put("projectId", job.project());
        data.put("clusterId", job.clusterId());
        data.put("nodePoolId", job.poolId().toString());
        data.put("nodePoolName", job.poolName());
        data.put("phase", job.phase());
        return data;
    }

    private static Map<String, Object> node(JobNode node) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("serverId", node.serverId());
        data.put("nodeName", node.nodeName());
        data.put("phase", node.phase());
        data.put("reason", node.reason() == null ? "" : node.reason());
        return data;
    }

    private NewEvent event(Job job, String type, Map<String, Object> data) {
        try {
            return new NewEvent(TOPIC, job.id().toString(), type, json.writeValueAsString(data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event payload cannot be written", e);
        }
    }
}
