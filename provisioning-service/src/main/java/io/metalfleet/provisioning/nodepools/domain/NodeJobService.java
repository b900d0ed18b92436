package io.metalfleet.provisioning.nodepools.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.metalfleet.provisioning.api.ApiException;
import io.metalfleet.provisioning.api.dto.ErrorResponse.FieldViolation;
import io.metalfleet.provisioning.nodepools.NodePoolConfig;
import io.metalfleet.provisioning.nodepools.api.dto.JobView;
import io.metalfleet.provisioning.nodepools.api.dto.NodeListRequest;
import io.metalfleet.provisioning.nodepools.events.JobEvents;
import io.metalfleet.provisioning.nodepools.persistence.ComputeServerLookup;
import io.metalfleet.provisioning.nodepools.persistence.ComputeServerLookup.ComputeServer;
import io.metalfleet.provisioning.nodepools.persistence.JobRepository;
import io.metalfleet.provisioning.nodepools.persistence.JobRepository.Job;
import io.metalfleet.provisioning.nodepools.persistence.JobRepository.JobNode;
import io.metalfleet.provisioning.nodepools.persistence.NodePoolRepository;
import io.metalfleet.provisioning.nodepools.persistence.NodePoolRepository.NodePool;
import io.metalfleet.provisioning.nodepools.persistence.PoolNodeRepository;
import io.metalfleet.provisioning.nodepools.persistence.PoolNodeRepository.Membership;
import io.metalfleet.provisioning.persistence.OutboxRepository;
import io.metalfleet.provisioning.persistence.OutboxRepository.NewEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.pgclient.PgException;

/**
 * nodes/add and nodes/remove (seed 003) and the jobs they start. Every rule is checked for every serverID before
 * anything is written; a violation answers 400 naming the serverIDs and writes nothing.
 */
@ApplicationScoped
public class NodeJobService {

    private static final Logger LOG = Logger.getLogger(NodeJobService.class);
    public static final String ADD = "AddNodesToNodePool";
    public static final String REMOVE = "RemoveNodesFromNodePool";
    static final String ADD_NODE = "AddNode";
    static final String REMOVE_NODE = "RemoveNode";

    @Inject
    Pool pool;
    @Inject
    NodePoolService pools;
    @Inject
    NodePoolRepository poolRows;
    @Inject
    PoolNodeRepository nodes;
    @Inject
    ComputeServerLookup compute;
    @Inject
    JobRepository jobs;
    @Inject
    OutboxRepository outbox;
    @Inject
    JobEvents events;
    @Inject
    JoinWorker joins;
    @Inject
    NodePoolConfig config;

    /** Writes the pool membership and an Initializing job; the keys and CSRs are made right after commit. */
    public Uni<UUID> add(String project, String clusterId, String poolId, NodeListRequest request, String subject) {
        List<String> serverIds = serverIds(request);
        Instant now = Instant.now();
        UUID jobId = UUID.randomUUID();
        return pool.withTransaction(tx -> lockedPool(tx, project, clusterId, poolId, true)
                .chain(target -> compute.inProject(tx, project, serverIds)
                        .chain(servers -> nodes.memberships(tx, serverIds).map(members -> {
                            refuseUnfit(serverIds, project, servers, members);
                            return target;
                        })))
                .chain(target -> {
                    Map<String, String> names = new LinkedHashMap<>();
                    serverIds.forEach(s -> names.put(s, NodeNames.of(target.name(), s)));
                    Job job = new Job(jobId, project, clusterId, target.id(), target.name(), ADD, JobRepository.INITIALIZING, "",
                            now.plus(config.joinDeadline()), subject, now, now);
                    List<JobNode> subJobs = subJobs(jobId, names, JobRepository.INITIALIZING, now);
                    return nodes.insertJoining(tx, target.id(), jobId, names, now)
                            .chain(() -> jobs.insert(tx, job, subJobs))
                            .chain(() -> poolRows.touch(tx, target.id(), now))
                            .chain(() -> outbox.append(tx, List.of(events.created(job, subJobs)), now));
                }))
                .onFailure(PgException.class).transform(NodeJobService::raced)
                .invoke(() -> joins.initializeSoon(jobId))
                .replaceWith(jobId);
    }

    /**
     * Takes joined nodes out of the pool at once (their sealed keys are deleted with them): the job is written
     * finished (Success), with node.removed per node. A node still joining cannot be removed: its job decides first.
     */
    public Uni<UUID> remove(String project, String clusterId, String poolId, NodeListRequest request, String subject) {
        List<String> serverIds = serverIds(request);
        Instant now = Instant.now();
        UUID jobId = UUID.randomUUID();
        return pool.withTransaction(tx -> lockedPool(tx, project, clusterId, poolId, false)
                .chain(target -> nodes.memberships(tx, serverIds).chain(members -> {
                    refuseNonMembers(serverIds, target, members);
                    Map<String, String> names = new LinkedHashMap<>();
                    serverIds.forEach(s -> names.put(s, members.get(s).nodeName()));
                    Job job = new Job(jobId, project, clusterId, target.id(), target.name(), REMOVE, JobRepository.SUCCESS, "",
                            now, subject, now, now);
                    List<JobNode> subJobs = subJobs(jobId, names, JobRepository.SUCCESS, now);
                    List<NewEvent> out = new ArrayList<>();
                    out.add(events.created(job, subJobs));
                    names.forEach((server, name) -> out.add(events.removed(job, server, name, now)));
                    out.add(events.finished(job, subJobs));
                    return nodes.remove(tx, target.id(), serverIds)
                            .chain(() -> jobs.insert(tx, job, subJobs))
                            .chain(() -> poolRows.touch(tx, target.id(), now))
                            .chain(() -> outbox.append(tx, out, now));
                })))
                .onFailure(PgException.class).transform(NodeJobService::raced)
                .invoke(() -> LOG.infof("job %s removed %d nodes from node pool %s", jobId, serverIds.size(), poolId))
                .replaceWith(jobId);
    }

    /**
     * The pool in its cluster, row-locked while its nodes change (a concurrent delete waits). Adding needs a cluster
     * that is not deleted; removing does not.
     */
    private Uni<NodePool> lockedPool(SqlClient tx, String project, String clusterId, String poolId, boolean adding) {
        UUID id = NodePoolService.poolId(poolId);
        return (adding ? pools.activeCluster(tx, clusterId) : pools.knownCluster(tx, clusterId))
                .chain(() -> poolRows.findLocked(tx, project, clusterId, id, false))
                .map(found -> NodePoolService.require(found, poolId));
    }

    /** A concurrent request that took the same servers first: 400 for the serverIDs it took, 409 for a lock cycle. */
    private static Throwable raced(Throwable e) {
        String state = ((PgException) e).getSqlState();
        if (NodePoolService.UNIQUE_VIOLATION.equals(state)) {
            return ApiException.badRequest("nodeList", "a serverID was added to a node pool by a concurrent request");
        }
        if ("40P01".equals(state) || "40001".equals(state)) {
            return ApiException.conflict("a concurrent request changed the same servers; retry");
        }
        return e;
    }

    public Uni<JobView> get(String project, String jobId) {
        UUID id;
        try {
            id = UUID.fromString(jobId);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("job " + jobId + " not found");
        }
        return jobs.find(pool, project, id).chain(job -> {
            if (job == null) {
                throw ApiException.notFound("job " + jobId + " not found");
            }
            return jobs.nodes(pool, id).map(list -> view(job, list));
        });
    }

    private List<String> serverIds(NodeListRequest request) {
        int max = config.maxNodesPerRequest();
        if (request.nodeList().size() > max) {
            throw ApiException.badRequest("nodeList", "at most " + max + " nodes per request, not " + request.nodeList().size());
        }
        List<String> ids = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<FieldViolation> twice = new ArrayList<>();
        for (int i = 0; i < request.nodeList().size(); i++) {
            String serverId = request.nodeList().get(i).serverID();
            if (!seen.add(serverId)) {
                twice.add(new FieldViolation("nodeList[" + i + "].serverID", serverId + " is listed twice"));
            }
            ids.add(serverId);
        }
        if (!twice.isEmpty()) {
            throw refusal(twice);
        }
        return ids;
    }

    private static void refuseUnfit(List<String> serverIds, String project, Map<String, ComputeServer> servers,
            Map<String, Membership> members) {
        List<FieldViolation> problems = new ArrayList<>();
        for (int i = 0; i < serverIds.size(); i++) {
            String serverId = serverIds.get(i);
            ComputeServer server = servers.get(serverId);
            String problem = server == null ? serverId + " is not a server of project " + project
                    : !"ACTIVE".equals(server.status()) ? serverId + " is " + server.status() + ", not ACTIVE"
                    : members.containsKey(serverId) ? serverId + " is already in node pool " + members.get(serverId).poolId()
                    : null;
            if (problem != null) {
                problems.add(new FieldViolation("nodeList[" + i + "].serverID", problem));
            }
        }
        if (!problems.isEmpty()) {
            throw refusal(problems);
        }
    }

    private static void refuseNonMembers(List<String> serverIds, NodePool target, Map<String, Membership> members) {
        List<FieldViolation> problems = new ArrayList<>();
        for (int i = 0; i < serverIds.size(); i++) {
            String serverId = serverIds.get(i);
            Membership member = members.get(serverId);
            String problem = member == null || !member.poolId().equals(target.id())
                    ? serverId + " is not a node of node pool " + target.name()
                    : "joining".equals(member.state()) ? serverId + " is still joining; remove it once its job has finished"
                    : null;
            if (problem != null) {
                problems.add(new FieldViolation("nodeList[" + i + "].serverID", problem));
            }
        }
        if (!problems.isEmpty()) {
            throw refusal(problems);
        }
    }

    /** 400 naming every serverID at fault and why. */
    private static ApiException refusal(List<FieldViolation> problems) {
        String all = problems.stream().map(p -> p.field() + ": " + p.description()).reduce((a, b) -> a + "; " + b).orElse("");
        return new ApiException(400, "invalid nodeList: " + all, problems);
    }

    private static List<JobNode> subJobs(UUID jobId, Map<String, String> names, String phase, Instant now) {
        List<JobNode> list = new ArrayList<>(names.size());
        names.forEach((server, name) -> list.add(new JobNode(jobId, server, UUID.randomUUID(), name, phase, "", now)));
        return list;
    }

    static JobView view(Job job, List<JobNode> nodes) {
        String subType = ADD.equals(job.type()) ? ADD_NODE : REMOVE_NODE;
        List<JobView> subJobs = nodes.stream().map(n -> new JobView("Job", "v3",
                new JobView.Metadata(n.subJobId().toString(), job.createdAt().toString(), n.updatedAt().toString()),
                new JobView.Spec(subType, job.clusterId(), n.serverId(), n.nodeName(), null),
                new JobView.Status(n.phase(), n.reason() == null ? "" : n.reason()))).toList();
        return new JobView("Job", "v3", new JobView.Metadata(job.id().toString(), job.createdAt().toString(), job.updatedAt().toString()),
                new JobView.Spec(job.type(), job.clusterId(), job.poolId().toString(), job.poolName(), subJobs),
                new JobView.Status(job.phase(), job.reason() == null ? "" : job.reason()));
    }
}
