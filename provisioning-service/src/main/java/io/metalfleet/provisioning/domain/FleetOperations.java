package io.metalfleet.provisioning.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.metalfleet.provisioning.api.ApiException;
import io.metalfleet.provisioning.api.dto.BatchPowerRequest;
import io.metalfleet.provisioning.api.dto.OperationView;
import io.metalfleet.provisioning.config.ProvisioningConfig;
import io.metalfleet.provisioning.persistence.OperationRepository;
import io.metalfleet.provisioning.persistence.OperationRepository.Operation;
import io.metalfleet.provisioning.persistence.OutboxRepository;
import io.metalfleet.provisioning.persistence.OutboxRepository.NewEvent;
import io.metalfleet.provisioning.redfish.power.PowerAction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Fleet operations: a batchPower request becomes an operation, one item per server and one
 * {@code bmc.command} per server on {@code provisioning.commands} (keyed by server id), all in one
 * transaction. The replicas owning the partitions run the commands ({@code CommandRunner}); once committed,
 * {@link OperationCreated} lets this replica start its own partitions' items without waiting for their records.
 */
@ApplicationScoped
public class FleetOperations {

    public static final String COMMANDS_TOPIC = "provisioning.commands";
    public static final String COMMAND_TYPE = "bmc.command";
    static final Set<String> BOOT_TARGETS = Set.of("Pxe", "Hdd", "Cd", "UefiHttp");
    static final Set<String> BOOT_ENABLED = Set.of("Once", "Continuous");

    @Inject
    Pool pool;
    @Inject
    OperationRepository operations;
    @Inject
    OutboxRepository outbox;
    @Inject
    ProvisioningConfig config;
    @Inject
    ObjectMapper json;
    @Inject
    Event<OperationCreated> operationCreated;

    public Uni<OperationView> batchPower(String region, String project, BatchPowerRequest request, String subject) {
        validate(request);
        Instant now = Instant.now();
        String id = "op-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        BatchPowerRequest.BootOverrideInput boot = request.bootOverride();
        String enabled = boot == null ? null : boot.enabled() == null ? "Once" : boot.enabled();
        return pool.withTransaction(tx -> resolve(tx, region, project, request).chain(serverIds -> {
            Operation op = new Operation(id, region, project, request.action(), boot == null ? null : boot.target(), enabled,
                    boot == null ? null : boot.httpBootUri(), "running", serverIds.size(), subject, now, null);
            List<NewEvent> commands = new ArrayList<>(serverIds.size());
            for (String serverId : serverIds) {
                commands.add(new NewEvent(COMMANDS_TOPIC, serverId, COMMAND_TYPE, command(op, serverId)));
            }
            return operations.insert(tx, op, serverIds).chain(() -> outbox.append(tx, commands, now))
                    .replaceWith(new OperationCreated(op, serverIds));
        })).invoke(operationCreated::fire).chain(created -> view(created.operation(), false));
    }

    private void validate(BatchPowerRequest request) {
        boolean byIds = request.serverIds() != null;
        if (byIds == (request.selector() != null)) {
            throw ApiException.badRequest("serverIds", "give either serverIds or selector, not both nor neither");
        }
        if (byIds && request.serverIds().isEmpty()) {
            throw ApiException.badRequest("serverIds", "must name at least one server");
        }
        if (request.action() == null && request.bootOverride() == null) {
            throw ApiException.badRequest("action", "give an action, a bootOverride or both");
        }
        if (request.action() != null && !isAction(request.action())) {
            throw ApiException.badRequest("action", "unknown action " + request.action()
                    + "; one of On, ForceOff, GracefulShutdown, ForceRestart, GracefulRestart, PowerCycle");
        }
        BatchPowerRequest.BootOverrideInput boot = request.bootOverride();
        if (boot != null) {
            if (!BOOT_TARGETS.contains(boot.target())) {
                throw ApiException.badRequest("bootOverride.target", "one of Pxe, Hdd, Cd, UefiHttp");
            }
            if (boot.enabled() != null && !BOOT_ENABLED.contains(boot.enabled())) {
                throw ApiException.badRequest("bootOverride.enabled", "one of Once, Continuous");
            }
            boolean uri = boot.httpBootUri() != null;
            if (boot.target().equals("UefiHttp") != uri) {
                throw ApiException.badRequest("bootOverride.httpBootUri", "required with UefiHttp and only with it");
            }
            if (uri && !boot.httpBootUri().matches("https?://\\S{1,2000}")) {
                throw ApiException.badRequest("bootOverride.httpBootUri", "must be an http(s) URI");
            }
        }
    }

    private static boolean isAction(String action) {
        for (PowerAction a : PowerAction.values()) {
            if (a.name().equals(action)) {
                return true;
            }
        }
        return false;
    }

    private Uni<List<String>> resolve(io.vertx.mutiny.sqlclient.SqlClient tx, String region, String project, BatchPowerRequest request) {
        int max = config.operations().maxServers();
        if (request.serverIds() != null) {
            List<String> ids = new ArrayList<>(new LinkedHashSet<>(request.serverIds()));
            return operations.existing(tx, region, project, ids).map(found -> {
                Set<String> present = new HashSet<>(found);
                List<String> missing = ids.stream().filter(i -> !present.contains(i)).limit(10).toList();
                if (!missing.isEmpty()) {
                    throw ApiException.notFound("servers not found in project " + project + ": " + String.join(", ", missing));
                }
                return ids;
            });
        }
        BatchPowerRequest.Selector s = request.selector();
        String tags;
        try {
            tags = s.tags() == null || s.tags().isEmpty() ? null : json.writeValueAsString(s.tags());
        } catch (Exception e) {
            throw ApiException.badRequest("selector.tags", "must be an object of strings");
        }
        return operations.select(tx, region, project, tags, s.persona(), s.provisioningState()).map(ids -> {
            if (ids.isEmpty()) {
                throw ApiException.badRequest("selector", "selects no server of project " + project);
            }
            if (ids.size() > max) {
                throw ApiException.badRequest("selector", "selects " + ids.size() + " servers; at most " + max);
            }
            return ids;
        });
    }

    private String command(Operation op, String serverId) {
        BmcCommand command = new BmcCommand(op.id(), serverId, op.action(), op.bootTarget(), op.bootEnabled(), op.httpBootUri());
        try {
            return json.writeValueAsString(command.data());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public Uni<OperationView> get(String region, String project, String id) {
        return operations.find(pool, region, project, id).chain(op -> {
            if (op == null) {
                throw ApiException.notFound("operation " + id + " not found");
            }
            return view(op, true);
        });
    }

    public Uni<OperationView.Page> list(String region, String project) {
        return operations.list(pool, region, project, 100).chain(ops -> ops.isEmpty()
                ? Uni.createFrom().item(new OperationView.Page(List.of()))
                : Uni.join().all(ops.stream().map(op -> view(op, false)).toList()).andFailFast().map(OperationView.Page::new));
    }

    public Uni<OperationView> cancel(String region, String project, String id) {
        return operations.find(pool, region, project, id).chain(op -> {
            if (op == null) {
                throw ApiException.notFound("operation " + id + " not found");
            }
            Instant now = Instant.now();
            return pool.withTransaction(tx -> operations.cancel(tx, id, now))
                    .chain(() -> operations.find(pool, region, project, id)).chain(updated -> view(updated, false));
        });
    }

    private Uni<OperationView> view(Operation op, boolean withResults) {
        Uni<List<OperationView.Result>> results = withResults ? operations.results(pool, op.id()) : Uni.createFrom().nullItem();
        return operations.counts(pool, op.id()).chain(counts -> results.map(list -> new OperationView(op.id(),
                "/v1/regions/" + op.region() + "/projects/" + op.project() + "/infrastructure/operations/" + op.id(),
                op.action(), op.bootTarget() == null ? null : bootMap(op), op.state(), op.total(), counts, op.createdBy(),
                op.createdAt(), op.finishedAt(), list)));
    }

    private static Map<String, String> bootMap(Operation op) {
        Map<String, String> boot = new LinkedHashMap<>();
        boot.put("target", op.bootTarget());
        boot.put("enabled", op.bootEnabled());
        if (op.httpBootUri() != null) {
            boot.put("httpBootUri", op.httpBootUri());
        }
        return boot;
    }
}
