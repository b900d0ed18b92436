package io.metalfleet.inventory.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import io.metalfleet.inventory.api.ApiException;
import io.metalfleet.inventory.api.dto.BatchCreateServersRequest;
import io.metalfleet.inventory.api.dto.BatchCreateServersResponse;
import io.metalfleet.inventory.api.dto.BatchCreateServersResponse.Failure;
import io.metalfleet.inventory.api.dto.ErrorResponse;
import io.metalfleet.inventory.api.dto.ErrorResponse.FieldViolation;
import io.metalfleet.inventory.api.dto.ServerEnrollment;
import io.metalfleet.inventory.api.dto.ServerView;
import io.metalfleet.inventory.config.InventoryConfig;
import io.metalfleet.inventory.events.EventTypes;
import io.metalfleet.inventory.events.ServerEvents;
import io.metalfleet.inventory.events.ServerEvents.SealedCredentials;
import io.metalfleet.inventory.persistence.NewServerRow;
import io.metalfleet.inventory.persistence.ProjectCredentialsEntity;
import io.metalfleet.inventory.persistence.ProjectCredentialsRepository;
import io.metalfleet.inventory.persistence.ServerRepository;
import io.metalfleet.inventory.security.BmcCredentials;
import io.metalfleet.inventory.security.CredentialCipher;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Bulk enrollment (seed 000). Items are independent: each is validated on its own, the valid ones
 * are inserted together with their {@code server.enrolled} events in one statement and one
 * transaction, and each failure names its index.
 */
@ApplicationScoped
public class EnrollmentService {

    @Inject
    ServerRepository servers;
    @Inject
    ProjectCredentialsRepository projectCredentials;
    @Inject
    CredentialCipher cipher;
    @Inject
    ServerEvents events;
    @Inject
    Validator validator;
    @Inject
    InventoryConfig config;
    @Inject
    MeterRegistry metrics;

    /** An item that passed validation, on its way into the database. */
    private record Accepted(int index, ServerEnrollment item, BmcAddress address, BmcCredentials credentials) {
    }

    @WithTransaction
    public Uni<BatchCreateServersResponse> enroll(String region, String project, BatchCreateServersRequest request) {
        if (request.servers().size() > config.enrollment().maxBatchSize()) {
            throw ApiException.badRequest("servers", "at most " + config.enrollment().maxBatchSize() + " servers per request");
        }
        List<Failure> failed = new ArrayList<>();
        List<Accepted> accepted = validate(request.servers(), failed);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        boolean needsDefault = accepted.stream().anyMatch(a -> a.item().bmcCredentials() == null);
        Uni<Optional<BmcCredentials>> defaults = needsDefault
                ? projectCredentials.forProject(region, project).map(row -> Optional.ofNullable(row).map(this::decrypt))
                : Uni.createFrom().item(Optional.empty());
        return defaults.chain(fallback -> {
            List<Accepted> withCredentials = accepted.stream()
                    .map(a -> a.credentials() != null ? a
                            : new Accepted(a.index(), a.item(), a.address(), fallback.orElse(null)))
                    .toList();
            TreeMap<Integer, ServerView> succeeded = new TreeMap<>();
            return insert(region, project, now, withCredentials, succeeded, failed, config.enrollment().idCollisionRetries())
                    .map(ignored -> {
                        failed.sort(Comparator.comparingInt(Failure::index));
                        metrics.counter("metalfleet.inventory.servers.enrolled").increment(succeeded.size());
                        return new BatchCreateServersResponse(new ArrayList<>(succeeded.values()), failed);
                    });
        });
    }

    private List<Accepted> validate(List<ServerEnrollment> items, List<Failure> failed) {
        List<Accepted> accepted = new ArrayList<>();
        Map<String, Integer> firstIndexOfEndpoint = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            ServerEnrollment item = items.get(i);
            if (item == null) {
                failed.add(failure(i, 400, "servers[" + i + "] must be an object", List.of()));
                continue;
            }
            List<FieldViolation> violations = new ArrayList<>();
            for (ConstraintViolation<ServerEnrollment> v : validator.validate(item)) {
                violations.add(new FieldViolation("servers[" + i + "]." + fieldOf(v), v.getMessage()));
            }
            StringBuilder problem = new StringBuilder();
            Optional<BmcAddress> address = item.bmcAddress() == null ? Optional.empty()
                    : BmcAddress.parse(item.bmcAddress(), problem);
            if (address.isEmpty() && item.bmcAddress() != null && !item.bmcAddress().isBlank()) {
                violations.add(new FieldViolation("servers[" + i + "].bmcAddress", problem.toString()));
            }
            if (!violations.isEmpty()) {
                violations.sort(Comparator.comparing(FieldViolation::field));
                FieldViolation first = violations.get(0);
                failed.add(failure(i, 400, "invalid " + first.field() + ": " + first.description(), violations));
                continue;
            }
            String endpoint = address.get().endpoint();
            Integer earlier = firstIndexOfEndpoint.putIfAbsent(endpoint, i);
            if (earlier != null) {
                failed.add(failure(i, 409, "bmcAddress " + item.bmcAddress() + " is the same BMC as servers[" + earlier
                        + "] in this request", List.of(new FieldViolation("servers[" + i + "].bmcAddress", "duplicate in batch"))));
                continue;
            }
            BmcCredentials credentials = item.bmcCredentials() == null ? null
                    : new BmcCredentials(item.bmcCredentials().username(), item.bmcCredentials().password());
            accepted.add(new Accepted(i, item, address.get(), credentials));
        }
        return accepted;
    }

    /**
     * Inserts the batch; rows skipped by the database are either already enrolled (409) or drew an
     * id another server has, in which case they get a new id and go again.
     */
    private Uni<Void> insert(String region, String project, Instant now, List<Accepted> pending,
            TreeMap<Integer, ServerView> succeeded, List<Failure> failed, int retriesLeft) {
        if (pending.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<Integer, ServerView> viewByIndex = new HashMap<>();
        List<NewServerRow> rows = new ArrayList<>(pending.size());
        for (Accepted a : pending) {
            rows.add(row(region, project, now, a, viewByIndex));
        }
        return servers.insertBatch(region, project, now, EventTypes.SERVERS_TOPIC, EventTypes.SERVER_ENROLLED, rows)
                .chain(inserted -> {
                    List<Accepted> skipped = new ArrayList<>();
                    for (Accepted a : pending) {
                        if (inserted.contains(a.index())) {
                            succeeded.put(a.index(), viewByIndex.get(a.index()));
                        } else {
                            skipped.add(a);
                        }
                    }
                    if (skipped.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    return servers.existingEndpoints(region, project, skipped.stream().map(a -> a.address().endpoint()).toList())
                            .chain(existing -> {
                                List<Accepted> idCollisions = new ArrayList<>();
                                for (Accepted a : skipped) {
                                    if (existing.contains(a.address().endpoint())) {
                                        failed.add(failure(a.index(), 409, "bmcAddress " + a.item().bmcAddress()
                                                + " is already enrolled in project " + project, List.of(
                                                        new FieldViolation("servers[" + a.index() + "].bmcAddress", "already enrolled"))));
                                    } else {
                                        idCollisions.add(a);
                                    }
                                }
                                if (!idCollisions.isEmpty() && retriesLeft == 0) {
                                    idCollisions.forEach(a -> failed.add(failure(a.index(), 409,
                                            "could not allocate a server id, retry the item", List.of())));
                                    return Uni.createFrom().voidItem();
                                }
                                return insert(region, project, now, idCollisions, succeeded, failed, retriesLeft - 1);
                            });
                });
    }

    private NewServerRow row(String region, String project, Instant now, Accepted a, Map<Integer, ServerView> viewByIndex) {
        UUID uid = UUID.randomUUID();
        String id = ServerIds.next();
        ServerEnrollment item = a.item();
        Map<String, String> tags = item.tags() == null ? Map.of() : item.tags();
        ServerView view = new ServerView(ServerViews.selfLink(region, project, id), uid, id, item.displayName(),
                item.description(), new ServerView.HardwareSpecs(Map.of(), Map.of(), Map.of()), item.bmcAddress(),
                ProvisioningState.REGISTERED.apiName(),
                new ServerView.HealthStatus(HealthState.UNKNOWN.apiName(), null, List.of()), tags, item.persona(), now, now);
        viewByIndex.put(a.index(), view);
        byte[] stored = null;
        SealedCredentials sealed = null;
        if (a.credentials() != null) {
            stored = cipher.encryptAtRest(a.credentials(), uid.toString());
            sealed = new SealedCredentials(cipher.sealKeyId(), "AES-256-GCM", cipher.seal(a.credentials(), id));
        }
        String payload = events.enrolled(region, project, view, a.address().endpoint(), sealed);
        return new NewServerRow(a.index(), uid, id, item.displayName(), item.description(), item.bmcAddress(),
                a.address().endpoint(), stored, stored == null ? null : CredentialCipher.AT_REST_KEY_ID, tags,
                item.persona(), UUID.randomUUID(), payload);
    }

    private BmcCredentials decrypt(ProjectCredentialsEntity row) {
        return cipher.decryptAtRest(row.credentials, row.region + "/" + row.project);
    }

    private static Failure failure(int index, int code, String message, List<FieldViolation> details) {
        return new Failure(index, ErrorResponse.of(code, message, details));
    }

    private static String fieldOf(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        // Hibernate Validator writes map entries as "tags<K>[key]" / "tags[key].<map value>".
        return path.replace("<K>", "").replace(".<map value>", "").replace("<map value>", "");
    }
}
