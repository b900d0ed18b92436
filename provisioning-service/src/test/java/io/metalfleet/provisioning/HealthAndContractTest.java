package io.metalfleet.provisioning;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.containsString;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

import io.quarkus.test.junit.QuarkusTest;

/** The service is up on its real PostgreSQL and Kafka, migrated, and publishes health, metrics and OpenAPI. */
@QuarkusTest
class HealthAndContractTest {

    @Test
    void shouldBeReadyOnlyWithItsDatabaseAndKafkaChecked() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check", "Kafka connection health check"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void shouldServeMetricsAndOpenApi() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("info.title", equalTo("Metalfleet provisioning-service"));
    }

    @Inject
    Pool database;

    @Test
    void shouldHaveMigratedTheEventTables() {
        // every migration applied (not the highest number: other packages add their own ranges)
        Row failed = database.query("SELECT count(*) AS n FROM flyway_schema_history WHERE NOT success")
                .execute().await().indefinitely().iterator().next();
        assertEquals(0L, failed.getLong("n"));
        Row tables = database.query("SELECT count(*) AS n FROM information_schema.tables"
                + " WHERE table_name IN ('outbox', 'inbox', 'compute_servers')").execute().await().indefinitely().iterator().next();
        assertEquals(3L, tables.getLong("n"));
    }
}
