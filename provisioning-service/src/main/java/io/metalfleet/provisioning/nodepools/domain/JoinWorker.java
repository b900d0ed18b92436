package io.metalfleet.provisioning.nodepools.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.metalfleet.provisioning.nodepools.NodePoolConfig;
import io.metalfleet.provisioning.nodepools.events.JobEvents;
import io.metalfleet.provisioning.nodepools.events.NodePoolEventsConsumer;
import io.metalfleet.provisioning.nodepools.persistence.JobRepository;
import io.metalfleet.provisioning.nodepools.persistence.JobRepository.Job;
import io.metalfleet.provisioning.nodepools.persistence.JobRepository.JobNode;
import io.metalfleet.provisioning.nodepools.persistence.PoolNodeRepository;
import io.metalfleet.provisioning.nodepools.persistence.PoolNodeRepository.SealedKey;
import io.metalfleet.provisioning.nodepools.pki.NodeCsr;
import io.metalfleet.provisioning.nodepools.pki.NodeKeySealer;
import io.metalfleet.provisioning.persistence.InboxRepository;
import io.metalfleet.provisioning.persistence.OutboxRepository;
import io.metalfleet.provisioning.persistence.OutboxRepository.NewEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Drives join jobs: Initializing → Running (each node's key pair and CSR made off the event loop, the key sealed,
 * node.joining written through the outbox, all in one transaction that only one replica wins) → a node joins on
 * its certificate.issued → Success when every node joined, Failed when any did not by the deadline.
 */
@ApplicationScoped
public class JoinWorker {

    private static final Logger LOG = Logger.getLogger(JoinWorker.class);

    @Inject
    Pool pool;
    @Inject
    Vertx vertx;
    @Inject
    JobRepository jobs;
    @Inject
    PoolNodeRepository nodes;
    @Inject
    InboxRepository inbox;
    @Inject
    OutboxRepository outbox;
    @Inject
    JobEvents events;
    @Inject
    NodeKeySealer sealer;
    @Inject
    NodePoolConfig config;

    private record Prepared(JobNode node, String csrPem, SealedKey key) {
    }

    /** Starts a job committed a moment ago; a failure here is picked up again by the sweep. */
    public void initializeSoon(UUID jobId) {
        initialize(jobId).subscribe().with(ok -> { }, e -> LOG.warnf("job %s: starting its nodes failed, the sweep retries: %s",
                jobId, e.getMessage()));
    }

    Uni<Void> initialize(UUID jobId) {
        return jobs.findById(pool, jobId).chain(job -> job == null || !JobRepository.INITIALIZING.equals(job.phase())
                ? Uni.createFrom().voidItem()
                : jobs.nodes(pool, jobId).chain(list -> vertx.executeBlocking(Uni.createFrom().item(() -> prepare(list)), false))
                        .chain(prepared -> start(job, prepared)));
    }

    /** Key pairs, CSRs and sealed keys: CPU work (about a millisecond a node), on a worker thread. */
    private List<Prepared> prepare(List<JobNode> list) {
        List<Prepared> prepared = new ArrayList<>(list.size());
        for (JobNode node : list) {
            if (!JobRepository.INITIALIZING.equals(node.phase())) {
                continue;
            }
            NodeCsr.Generated generated = NodeCsr.generate(node.nodeName());
            prepared.add(new Prepared(node, generated.csrPem(),
                    new SealedKey(node.serverId(), sealer.keyId(), sealer.seal(generated.keys().getPrivate(), node.serverId()))));
        }
        return prepared;
    }

    private Uni<Void> start(Job job, List<Prepared> prepared) {
        Instant now = Instant.now();
        Job running = withPhase(job, JobRepository.RUNNING);
        return pool.withTransaction(tx -> jobs.start(tx, job.id(), now).chain(won -> {
            if (!won) {
                return Uni.createFrom().voidItem(); // another replica started it: its keys are the ones stored
            }
            List<NewEvent> out = new ArrayList<>();
            out.add(events.progressed(running, JobRepository.RUNNING, null, now));
            prepared.forEach(p -> out.add(events.joining(running, p.node().serverId(), p.node().nodeName(), p.csrPem())));
            return nodes.storeKeys(tx, job.id(), prepared.stream().map(Prepared::key).toList(), now)
                    .chain(() -> outbox.append(tx, out, now));
        }));
    }

    /** certificate.issued answering a node.joining of ours (jobId + serverId): the node joined. Others are not ours. */
    public Uni<Void> certificateIssued(String eventId, JsonNode data) {
        UUID jobId = uuid(data.path("jobId").asText(null));
        String serverId = data.path("serverId").asText(null);
        Instant now = Instant.now();
        return pool.withTransaction(tx -> inbox.recordFirstDelivery(tx, eventId, NodePoolEventsConsumer.CERTIFICATE_ISSUED, now)
                .chain(first -> !first || jobId == null || serverId == null ? Uni.createFrom().voidItem()
                        : jobs.findById(tx, jobId).chain(job -> job == null || !job.clusterId().equals(data.path("clusterId").asText())
                                ? Uni.createFrom().voidItem()
                                : joined(tx, job, serverId, data, now))));
    }

    private Uni<Void> joined(SqlClient tx, Job job, String serverId, JsonNode data, Instant now) {
        return jobs.finishNodes(tx, job.id(), List.of(serverId), JobRepository.SUCCESS, "", now).chain(moved -> {
            if (moved.isEmpty()) {
                LOG.infof("job %s: a certificate for %s came after its sub-job had finished; ignored", job.id(), serverId);
                return Uni.createFrom().voidItem();
            }
            String nodeName = data.path("nodeName").asText();
            String serial = data.path("serial").asText();
            List<NewEvent> out = new ArrayList<>();
            out.add(events.joined(job, serverId, nodeName, serial, data.path("notAfter").asText(null), now));
            out.add(events.progressed(job, job.phase(), new JobNode(job.id(), serverId, null, nodeName, JobRepository.SUCCESS, "", now), now));
            return nodes.markJoined(tx, job.id(), serverId, serial, data.path("certificate").asText(null), now)
                    .chain(() -> finishIfDone(tx, job.id(), out, now));
        });
    }

    /** Appends the job's events, with job.finished when its last sub-job just ended. */
    private Uni<Void> finishIfDone(SqlClient tx, UUID jobId, List<NewEvent> out, Instant now) {
        return jobs.finishIfDone(tx, jobId, now).chain(finished -> finished == null ? Uni.createFrom().item(out)
                : jobs.nodes(tx, jobId).map(list -> {
                    out.add(events.finished(finished, list));
                    return out;
                })).chain(all -> outbox.append(tx, all, now));
    }

    /** Past-deadline nodes fail (and leave the pool); Initializing jobs left behind by a stopped replica start. */
    @Scheduled(every = "${metalfleet.nodepools.sweep-interval:PT5S}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        Instant now = Instant.now();
        return pool.withTransaction(tx -> jobs.overdue(tx, now, 100)
                .chain(ids -> Multi.createFrom().iterable(ids).onItem().transformToUniAndConcatenate(id -> expire(tx, id, now))
                        .collect().last()))
                .chain(() -> jobs.stuckInitializing(pool, now.minus(config.initializeGrace()), 100))
                .chain(ids -> Multi.createFrom().iterable(ids).onItem().transformToUniAndConcatenate(this::initialize).collect().last())
                .replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("node-pool job sweep failed, next round retries: %s", e.getMessage());
                    return null;
                });
    }

    private Uni<Void> expire(SqlClient tx, UUID jobId, Instant now) {
        String reason = "deadline: no certificate issued within " + config.joinDeadline();
        return jobs.findById(tx, jobId).chain(job -> jobs.finishOpenNodes(tx, jobId, JobRepository.FAILED, reason, now)
                .chain(failed -> nodes.releaseJoining(tx, jobId, failed).chain(() -> jobs.nodes(tx, jobId)).chain(list -> {
                    List<NewEvent> out = new ArrayList<>();
                    list.stream().filter(n -> failed.contains(n.serverId()))
                            .forEach(n -> out.add(events.progressed(job, job.phase(), n, now)));
                    LOG.infof("job %s: %d nodes failed at the deadline", jobId, failed.size());
                    return finishIfDone(tx, jobId, out, now);
                })));
    }

    private static Job withPhase(Job job, String phase) {
        return new Job(job.id(), job.project(), job.clusterId(), job.poolId(), job.poolName(), job.type(), phase, job.reason(),
                job.deadline(), job.createdBy(), job.createdAt(), job.updatedAt());
    }

    private static UUID uuid(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
