package io.metalfleet.inventory.persistence;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Server rows. Callers run inside a transaction opened at the service layer. */
@ApplicationScoped
public class ServerRepository implements PanacheRepositoryBase<ServerEntity, UUID> {

    /**
     * Inserts every row and its outbox event in ONE statement, so a batch of 1,000 costs one round
     * trip. Rows that collide with an existing server (same BMC endpoint in the project, or the same
     * generated id) are skipped, not failed: the caller learns which from the returned indexes.
     */
    static final String INSERT_BATCH = """
            WITH input AS (
                SELECT * FROM jsonb_to_recordset(CAST(CAST(:rows AS text) AS jsonb)) AS r(
                    idx int, uid uuid, id text, display_name text, description text, bmc_address text,
                    bmc_endpoint text, credentials text, credentials_key_id text, tags jsonb, persona text,
                    event_id uuid, event_payload jsonb)
            ), inserted AS (
                INSERT INTO servers (uid, id, region, project, display_name, description, bmc_address, bmc_endpoint,
                                     credentials, credentials_key_id, provisioning_state, health_status,
                                     tags, persona, created_at, updated_at)
                SELECT uid, id, :region, :project, display_name, description, bmc_address, bmc_endpoint,
                       decode(credentials, 'base64'), credentials_key_id, 'registered', 'unknown',
                       tags, persona, :now, :now
                FROM input ORDER BY idx
                ON CONFLICT DO NOTHING
                RETURNING uid
            ), events AS (
                INSERT INTO outbox (event_id, topic, aggregate_id, type, payload, created_at)
                SELECT i.event_id, :topic, i.id, :eventType, i.event_payload, :now
                FROM input i JOIN inserted s ON s.uid = i.uid
                ORDER BY i.idx
                RETURNING 1
            )
            SELECT i.idx FROM input i JOIN inserted s ON s.uid = i.uid
            """;

    @Inject
    ObjectMapper json;

    /** Returns the indexes of the rows that were inserted. */
    public Uni<Set<Integer>> insertBatch(String region, String project, Instant now, String topic, String eventType,
            List<NewServerRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        String rowsJson = toJson(rows);
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT_BATCH, Integer.class)
                .setParameter("rows", rowsJson)
                .setParameter("region", region)
                .setParameter("project", project)
                .setParameter("now", now.atOffset(ZoneOffset.UTC))
                .setParameter("topic", topic)
                .setParameter("eventType", eventType)
                .getResultList())
                .map(HashSet::new);
    }

    /** The BMC endpoints among {@code endpoints} already enrolled in the project. */
    public Uni<Set<String>> existingEndpoints(String region, String project, Collection<String> endpoints) {
        if (endpoints.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return getSession().chain(session -> session.createSelectionQuery(
                "select s.bmcEndpoint from ServerEntity s where s.region = :region and s.project = :project"
                        + " and s.bmcEndpoint in :endpoints",
                String.class)
                .setParameter("region", region)
                .setParameter("project", project)
                .setParameter("endpoints", endpoints)
                .getResultList())
                .map(HashSet::new);
    }

    public Uni<ServerEntity> findInProject(String region, String project, String id) {
        return find("region = ?1 and project = ?2 and id = ?3", region, project, id).firstResult();
    }

    public Uni<ServerEntity> findById(String id) {
        return find("id", id).firstResult();
    }

    /** One page in enrollment order after the given key, {@code limit} rows at most. */
    public Uni<List<ServerEntity>> page(String region, String project, ServerFilter filter, PageKey after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM servers WHERE region = :region AND project = :project");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("region", region);
        params.put("project", project);
        if (filter.provisioningState() != null) {
            sql.append(" AND provisioning_state = :state");
            params.put("state", filter.provisioningState());
        }
        if (filter.persona() != null) {
            sql.append(" AND persona = :persona");
            params.put("persona", filter.persona());
        }
        if (filter.healthStatus() != null) {
            sql.append(" AND health_status = :health");
            params.put("health", filter.healthStatus());
        }
        if (!filter.tags().isEmpty()) {
            sql.append(" AND tags @> CAST(CAST(:tags AS text) AS jsonb)");
            params.put("tags", toJson(filter.tags()));
        }
        if (after != null) {
            sql.append(" AND seq > :afterSeq");
            params.put("afterSeq", after.seq());
        }
        sql.append(" ORDER BY seq LIMIT ").append(limit);
        return getSession().chain(session -> {
            var query = session.createNativeQuery(sql.toString(), ServerEntity.class);
            params.forEach(query::setParameter);
            return query.getResultList();
        });
    }

    private String toJson(List<NewServerRow> rows) {
        ArrayNode array = json.createArrayNode();
        for (NewServerRow row : rows) {
            ObjectNode node = array.addObject();
            node.put("idx", row.index());
            node.put("uid", row.uid().toString());
            node.put("id", row.id());
            node.put("display_name", row.displayName());
            node.put("description", row.description());
            node.put("bmc_address", row.bmcAddress());
            node.put("bmc_endpoint", row.bmcEndpoint());
            node.put("credentials", row.credentials() == null ? null : Base64.getEncoder().encodeToString(row.credentials()));
            node.put("credentials_key_id", row.credentialsKeyId());
            node.set("tags", json.valueToTree(row.tags() == null ? Map.of() : row.tags()));
            node.put("persona", row.persona());
            node.put("event_id", row.eventId().toString());
            // Written by our own ObjectMapper a moment ago: embedded as it is, not parsed back into a tree.
            node.putRawValue("event_payload", new RawValue(row.eventPayload()));
        }
        return array.toString();
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Filters of the list call; null or empty means "any". */
    public record ServerFilter(String provisioningState, String persona, String healthStatus, Map<String, String> tags) {
    }

    /** Where a page starts: after the row with this enrollment sequence number. */
    public record PageKey(long seq) {
    }
}
