package io.metalfleet.inventory.api;

import static io.metalfleet.inventory.Fixtures.as;
import static io.metalfleet.inventory.Fixtures.asAdmin;
import static io.metalfleet.inventory.Fixtures.enroll;
import static io.metalfleet.inventory.Fixtures.items;
import static io.metalfleet.inventory.Fixtures.newProject;
import static io.metalfleet.inventory.Fixtures.servers;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;

import io.metalfleet.local.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Many writes at once, as the fleet bench sends its DELETEs at the end of a run, some of them twice for the same server:
 * every one answers (no request hangs), with the status its race deserves, and nothing is left half-done. Half the
 * requests carry a token the service has not seen yet, so they are authenticated on a worker thread first.
 */
@QuarkusTest
class ConcurrentWritesTest {

    private static final int SERVERS = 300;
    private static final int TWICE = 100;
    /** Below the pool's wait queue (256) plus its connections: the test is about correctness, not overload answers. */
    private static final int IN_FLIGHT = 128;

    @TestHTTPResource("/")
    URL base;

    @Test
    void shouldRemoveEveryServerWhenManyDeletesRunAtOnce() throws Exception {
        String project = newProject();
        List<String> ids = enrollServers(project);
        List<String> targets = twiceForSome(ids);
        List<HttpResponse<String>> answers = sendAll(project, targets,
                i -> HttpRequest.newBuilder(uri(project, targets.get(i))).DELETE());

        Map<String, List<Integer>> statusesById = new TreeMap<>();
        List<String> unexpected = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            int status = answers.get(i).statusCode();
            statusesById.computeIfAbsent(targets.get(i), id -> new ArrayList<>()).add(status);
            if (status != 204 && status != 404) {
                unexpected.add(targets.get(i) + " → " + status + " " + answers.get(i).body());
            }
        }
        assertEquals(List.of(), unexpected, "every delete answers 204 or 404");
        assertEquals(SERVERS, statusesById.size());
        statusesById.forEach((id, statuses) -> assertEquals(1, statuses.stream().filter(s -> s == 204).count(),
                id + " is removed by exactly one of its deletes: " + statuses));

        asAdmin().queryParam("pageSize", 1000).get(servers(project)).then().statusCode(200)
                .body("servers.size()", equalTo(0));
        for (String id : ids.subList(0, 20)) {
            asAdmin().get(servers(project) + "/" + id).then().statusCode(404);
        }
        // The service still answers writes after the burst: no transaction or connection was left behind.
        List<String> more = enroll(project, items(30)).statusCode(200).extract().path("succeeded.id");
        for (String id : more) {
            asAdmin().delete(servers(project) + "/" + id).then().statusCode(204);
        }
    }

    @Test
    void shouldAnswerEveryPatchWhenManyRunAtOnce() throws Exception {
        String project = newProject();
        List<String> ids = enrollServers(project);
        List<String> targets = twiceForSome(ids);
        List<String> names = new ArrayList<>();
        for (String id : targets) {
            names.add((names.contains("patched " + id) ? "again " : "patched ") + id);
        }
        List<HttpResponse<String>> answers = sendAll(project, targets,
                i -> HttpRequest.newBuilder(uri(project, targets.get(i))).header("Content-Type", "application/json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"displayName\":\"" + names.get(i) + "\"}")));

        List<String> unexpected = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            int status = answers.get(i).statusCode();
            // 409: the other PATCH of the same server committed first
            boolean twice = ids.indexOf(targets.get(i)) < TWICE;
            if (status != 200 && !(twice && status == 409)) {
                unexpected.add(targets.get(i) + " → " + status + " " + answers.get(i).body());
            }
        }
        assertEquals(List.of(), unexpected, "every patch answers 200, or 409 when another one of its server won");
        for (String id : ids.subList(TWICE, TWICE + 20)) {
            asAdmin().get(servers(project) + "/" + id).then().statusCode(200).body("displayName", equalTo("patched " + id));
        }
        for (String id : ids.subList(0, 20)) {
            asAdmin().get(servers(project) + "/" + id).then().statusCode(200)
                    .body("displayName", anyOf(equalTo("patched " + id), equalTo("again " + id)));
        }
    }

    private static List<String> enrollServers(String project) {
        return enroll(project, items(SERVERS)).statusCode(200).body("failed", equalTo(List.of())).extract().path("succeeded.id");
    }

    /** Every id once, the first {@link #TWICE} twice, in random order. */
    private static List<String> twiceForSome(List<String> ids) {
        List<String> targets = new ArrayList<>(ids);
        targets.addAll(ids.subList(0, TWICE));
        Collections.shuffle(targets);
        return targets;
    }

    private URI uri(String project, String id) {
        return URI.create(base.toString().replaceAll("/$", "") + servers(project) + "/" + id);
    }

    /** Sends request {@code i} for each target, at most {@link #IN_FLIGHT} at once; answers in the same order. */
    private List<HttpResponse<String>> sendAll(String project, List<String> targets, IntFunction<HttpRequest.Builder> request)
            throws InterruptedException {
        String shared = TestTokens.admin();
        as(shared).get(servers(project)).then().statusCode(200); // the shared token is verified once, before the burst
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Semaphore slots = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            String token = i % 2 == 0 ? shared
                    : TestTokens.token("writer-" + i + "@metalfleet.test", Set.of("operator"), List.of(project));
            HttpRequest built = request.apply(i).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token)
                    .build();
            slots.acquire();
            pending.add(client.sendAsync(built, HttpResponse.BodyHandlers.ofString()).whenComplete((r, f) -> slots.release()));
        }
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> answer : pending) {
            answers.add(answer.join()); // a request that hangs fails here with HttpTimeoutException after 60 s
        }
        return answers;
    }
}
