package io.metalfleet.identity.persistence;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What a client_credentials grant needs to know about a client id — a service account or a
 * provider — in ONE prepared statement on the reactive pool, without a Hibernate session: the
 * grant is the hottest path of the service and reads two short rows at most.
 */
@ApplicationScoped
public class ClientCredentialsLookup {

    /** A service account ({@code provider} false) or a provider; its secret is the stored HMAC. */
    public record Client(boolean provider, String id, String name, String secretHash, List<String> roles,
            List<String> projects) {
    }

    static final String FIND = """
            SELECT false AS provider, client_id AS id, name, secret_hash, roles, projects
            FROM service_accounts WHERE client_id = $1
            UNION ALL
            SELECT true, id, name, root_token_hash, NULL, NULL FROM providers WHERE id = $1""";

    private static final StringListJson LISTS = new StringListJson();

    private final Pool pool;

    public ClientCredentialsLookup(Pool pool) {
        this.pool = pool;
    }

    /** The client, or null when no service account or provider has this id (a service account wins). */
    public Uni<Client> find(String clientId) {
        return pool.preparedQuery(FIND).execute(Tuple.of(clientId)).map(ClientCredentialsLookup::first);
    }

    private static Client first(RowSet<Row> rows) {
        Client found = null;
        for (Row row : rows) {
            Client client = new Client(row.getBoolean("provider"), row.getString("id"), row.getString("name"),
                    row.getString("secret_hash"), LISTS.convertToEntityAttribute(row.getString("roles")),
                    LISTS.convertToEntityAttribute(row.getString("projects")));
            if (found == null || !client.provider()) {
                found = client;
            }
        }
        return found;
    }
}
