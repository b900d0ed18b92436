package io.metalfleet.provisioning.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** 50 creates at once against 20 machines: exactly 20 accepted, each on its own machine, the rest refused cleanly. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentCreateTest {

    static final String ACCOUNT = "acct-race";
    static final int MACHINES = 20;
    static final int CREATES = 50;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @TestHTTPResource("/")
    URI base;
    @Inject
    Pool database;

    List<String> machines;

    @BeforeAll
    void twentyMachines() {
        int[] indices = new int[MACHINES];
        for (int i = 0; i < MACHINES; i++) {
            indices[i] = 5 + i;
        }
        machines = ComputeFixture.enroll(bootstrap, ACCOUNT, indices);
    }

    @Test
    void fiftyConcurrentCreatesShouldGetExactlyTwentyDistinctMachines() throws Exception {
        ComputeFixture.publicCatalog();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String token = ComputeFixture.operator(ACCOUNT);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < CREATES; i++) {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/accounts/" + ACCOUNT + "/flexcloud/servers"))
                    .header("Authorization", token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ComputeFixture.seedRequest(ACCOUNT, "race-" + i))).build();
            answers.add(CompletableFuture.runAsync(() -> await(start)).thenCompose(ok -> client.sendAsync(request,
                    HttpResponse.BodyHandlers.ofString())));
        }
        start.countDown();
        CompletableFuture.allOf(answers.toArray(new CompletableFuture[0])).join();

        Map<Integer, Long> byStatus = answers.stream().map(CompletableFuture::join)
                .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
        assertEquals(Map.of(202, (long) MACHINES, 409, (long) (CREATES - MACHINES)), byStatus);
        for (HttpResponse<String> refused : answers.stream().map(CompletableFuture::join).filter(r -> r.statusCode() == 409).toList()) {
            assertEquals(409, JsonPath.from(refused.body()).getInt("conflictingRequest.code"), refused.body());
        }
        Set<String> accepted = answers.stream().map(CompletableFuture::join).filter(r -> r.statusCode() == 202)
                .map(r -> JsonPath.from(r.body()).getString("server.id")).collect(Collectors.toSet());
        assertEquals(MACHINES, accepted.size());

        // none double-allocated: 20 rows, 20 distinct machines, all of the account, each machine provisioning or on
        List<String> hosts = new ArrayList<>();
        for (Row r : database.preparedQuery("SELECT id, host_id FROM compute_servers WHERE project = $1").execute(Tuple.of(ACCOUNT))
                .await().indefinitely()) {
            assertTrue(accepted.contains(r.getString("id")));
            hosts.add(r.getString("host_id"));
        }
        assertEquals(MACHINES, hosts.size());
        assertEquals(new HashSet<>(machines), new HashSet<>(hosts));
        long free = database.preparedQuery("SELECT count(*) AS n FROM servers WHERE project = $1 AND provisioning_state = 'available'")
                .execute(Tuple.of(ACCOUNT)).await().indefinitely().iterator().next().getLong("n");
        assertEquals(0, free);
    }

    private static void await(CountDownLatch start) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
