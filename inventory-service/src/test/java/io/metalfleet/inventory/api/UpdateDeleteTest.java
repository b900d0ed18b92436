package io.metalfleet.inventory.api;

import static io.metalfleet.inventory.Fixtures.asAdmin;
import static io.metalfleet.inventory.Fixtures.enroll;
import static io.metalfleet.inventory.Fixtures.item;
import static io.metalfleet.inventory.Fixtures.newProject;
import static io.metalfleet.inventory.Fixtures.servers;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class UpdateDeleteTest {

    @Test
    void shouldPatchOnlyTheGivenFields() {
        String project = newProject();
        String id = enroll(project, List.of(item("10.88.0.1"))).statusCode(200).extract().path("succeeded[0].id");
        String created = asAdmin().get(servers(project) + "/" + id).then().extract().path("updatedAt");

        asAdmin().body(Map.of("tags", Map.of("rack", "r99"), "persona", "storage")).patch(servers(project) + "/" + id)
                .then().statusCode(200)
                .body("tags", equalTo(Map.of("rack", "r99")))
                .body("persona", equalTo("storage"))
                .body("displayName", equalTo("node 10.88.0.1"))
                .body("updatedAt", not(equalTo(created)));
        asAdmin().get(servers(project) + "/" + id).then().body("persona", equalTo("storage"));
    }

    @Test
    void shouldRefuseBadPatchesWith400() {
        String project = newProject();
        String id = enroll(project, List.of(item("10.88.0.2"))).statusCode(200).extract().path("succeeded[0].id");
        asAdmin().body(Map.of()).patch(servers(project) + "/" + id).then().statusCode(400);
        asAdmin().body(Map.of("persona", "Not Valid")).patch(servers(project) + "/" + id).then().statusCode(400)
                .body("error.details[0].field", equalTo("persona"));
        asAdmin().body(Map.of("bmcAddress", "10.0.0.9")).patch(servers(project) + "/" + id).then().statusCode(400)
                .body("error.details[0].field", equalTo("bmcAddress"));
        asAdmin().body(Map.of("displayName", "x")).patch(servers(project) + "/server-nope00").then().statusCode(404);
    }

    @Test
    void shouldRemoveAServerProvisioningNeverHeldAtOnce() {
        String project = newProject();
        String id = enroll(project, List.of(item("10.88.0.3"))).statusCode(200).extract().path("succeeded[0].id");
        asAdmin().delete(servers(project) + "/" + id).then().statusCode(204);
        asAdmin().get(servers(project) + "/" + id).then().statusCode(404);
        // The BMC can be enrolled again once its server is gone.
        enroll(project, List.of(item("10.88.0.3"))).statusCode(200).body("failed", equalTo(List.of()));
    }
}
