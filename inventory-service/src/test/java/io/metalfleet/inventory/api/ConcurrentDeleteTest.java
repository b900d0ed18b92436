package io.metalfleet.inventory.api;

import static io.metalfleet.inventory.Fixtures.as;
import static io.metalfleet.inventory.Fixtures.asAdmin;
import static io.metalfleet.inventory.Fixtures.enroll;
import static io.metalfleet.inventory.Fixtures.items;
import static io.metalfleet.inventory.Fixtures.newProject;
import static io.metalfleet.inventory.Fixtures.servers;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import org.junit.jupiter.api.Test;

import io.metalfleet.local.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Many DELETEs at once, as the fleet bench sends them at the end of a run: every one answers (204 for the one that
 * removed the server, 404 for a second delete of the same server), none hangs, and no server stays behind. Half the
 * requests carry a token the service has not seen yet, so they are authenticated on a worker thread: that is the path
 * on which a request's Hibernate session used to be opened on the worker and then used from the event loop.
 */
@QuarkusTest
class ConcurrentDeleteTest {

    private static final int SERVERS = 300;
    private static final int TWICE = 100;
    /** Below the pool's wait queue (256) plus its connections: the test is about correctness, not overload answers. */
    private static final int IN_FLIGHT = 128;

    @TestHTTPResource("/")
    URL base;

    @Test
    void shouldRemoveEveryServerWhenManyDeletesRunAtOnce() throws Exception {
        String project = newProject();
        List<String> ids = enroll(project, items(SERVERS)).statusCode(200).body("failed", equalTo(List.of()))
                .extract().path("succeeded.id");
        List<String> targets = new ArrayList<>(ids);
        targets.addAll(ids.subList(0, TWICE)); // the same server deleted twice at about the same time
        Collections.shuffle(targets);

        String shared = TestTokens.admin();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        as(shared).get(servers(project)).then().statusCode(200); // the shared token is verified once, before the burst
        Semaphore slots = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        String prefix = base.toString().replaceAll("/$", "") + servers(project) + "/";
        for (int i = 0; i < targets.size(); i++) {
            String token = i % 2 == 0 ? shared
                    : TestTokens.token("deleter-" + i + "@metalfleet.test", Set.of("operator"), List.of(project));
            HttpRequest delete = HttpRequest.newBuilder(URI.create(prefix + targets.get(i))).DELETE()
                    .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token).build();
            slots.acquire();
            answers.add(client.sendAsync(delete, HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, failure) -> slots.release()));
        }

        Map<String, List<Integer>> statusesById = new TreeMap<>();
        List<String> unexpected = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            // A request that hangs fails here with HttpTimeoutException after 60 s.
            HttpResponse<String> response = answers.get(i).join();
            statusesById.computeIfAbsent(targets.get(i), id -> new ArrayList<>()).add(response.statusCode());
            if (response.statusCode() != 204 && response.statusCode() != 404) {
                unexpected.add(targets.get(i) + " → " + response.statusCode() + " " + response.body());
            }
        }
        assertEquals(List.of(), unexpected, "every delete answers 204 or 404");
        statusesById.forEach((id, statuses) -> assertEquals(1, statuses.stream().filter(s -> s == 204).count(),
                id + " is removed by exactly one of its deletes: " + statuses));

        asAdmin().queryParam("pageSize", 1000).get(servers(project)).then().statusCode(200)
                .body("servers.size()", equalTo(0));
        for (String id : ids.subList(0, 20)) {
            asAdmin().get(servers(project) + "/" + id).then().statusCode(404);
        }
        // The service still answers writes after the burst: no session or connection was left behind.
        List<String> more = enroll(project, items(30)).statusCode(200).extract().path("succeeded.id");
        for (String id : more) {
            asAdmin().delete(servers(project) + "/" + id).then().statusCode(204);
        }
        assertTrue(statusesById.size() == SERVERS);
    }
}
