package io.metalfleet.inventory.api;

import static io.metalfleet.inventory.Fixtures.asAdmin;
import static io.metalfleet.inventory.Fixtures.enroll;
import static io.metalfleet.inventory.Fixtures.items;
import static io.metalfleet.inventory.Fixtures.newProject;
import static io.metalfleet.inventory.Fixtures.servers;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.metalfleet.local.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Clients that hang up mid-request must not cost the service its database connections. */
@QuarkusTest
class ClientDisconnectTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void shouldKeepServingAfterManyClientsGaveUpMidRequest() throws Exception {
        String project = newProject();
        enroll(project, items(200)).statusCode(200);
        String token = TestTokens.admin();
        URI list = URI.create(base.toString().replaceAll("/$", "") + servers(project) + "?pageSize=100");

        HttpClient impatient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<Void>>> abandoned = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            abandoned.add(impatient.sendAsync(HttpRequest.newBuilder(list).timeout(Duration.ofMillis(2 + i % 20))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding()));
        }
        for (CompletableFuture<HttpResponse<Void>> request : abandoned) {
            request.handle((response, failure) -> null).join();
        }

        // The abandoned work still runs to its end (that is the point); let that backlog drain first.
        asAdmin().queryParam("pageSize", 1).get(servers(project)).then().statusCode(200);
        // Then more requests than the pool has connections (20): leaked connections would make them time out.
        for (int i = 0; i < 60; i++) {
            asAdmin().queryParam("pageSize", 1).get(servers(project)).then()
                    .time(org.hamcrest.Matchers.lessThan(5_000L)).statusCode(200)
                    .body("servers.size()", equalTo(1));
        }
    }
}
