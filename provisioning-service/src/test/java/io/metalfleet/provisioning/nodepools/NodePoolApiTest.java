package io.metalfleet.provisioning.nodepools;

import static io.metalfleet.provisioning.nodepools.NodePoolFixtures.base;
import static io.metalfleet.provisioning.nodepools.NodePoolFixtures.createPool;
import static io.metalfleet.provisioning.nodepools.NodePoolFixtures.operator;
import static io.metalfleet.provisioning.nodepools.NodePoolFixtures.poolBody;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.metalfleet.local.testing.EventProbe;
import io.metalfleet.local.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;

/** Node pools of registered clusters in CCE's shape: create, list, get, delete, auth and every error. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodePoolApiTest {

    static final String PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    final String cluster = "cluster-" + UUID.randomUUID().toString().substring(0, 8);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @BeforeAll
    void registerCluster() throws InterruptedException {
        NodePoolFixtures.registerCluster(bootstrap, database, cluster);
    }

    @Test
    void shouldCreateListGetAndDeleteAPoolInTheCceShape() {
        String uid = createPool(PROJECT, cluster, "gpu-workers").then().statusCode(201)
                .body("kind", equalTo("NodePool")).body("apiVersion", equalTo("v3"))
                .body("metadata.name", equalTo("gpu-workers")).body("metadata.creationTimestamp", notNullValue())
                .body("metadata.updateTimestamp", notNullValue())
                .body("spec.type", equalTo("pm")).body("spec.initialNodeCount", equalTo(0))
                .body("spec.nodeTemplate.flavor", equalTo("bm.gpu.8"))
                .body("spec.nodeTemplate.k8sTags.'metalfleet.io/pool'", equalTo("gpu-workers"))
                .body("status.currentNode", equalTo(0)).body("status.phase", equalTo("Synchronized"))
                .extract().path("metadata.uid");
        given().header("Authorization", operator(PROJECT)).get(base(PROJECT, cluster)).then().statusCode(200)
                .body("kind", equalTo("List")).body("apiVersion", equalTo("v3")).body("items.metadata.uid", hasItem(uid));
        given().header("Authorization", "Bearer " + TestTokens.viewer(PROJECT)).get(base(PROJECT, cluster) + "/" + uid).then()
                .statusCode(200).body("metadata.name", equalTo("gpu-workers"));
        given().header("Authorization", operator(PROJECT)).delete(base(PROJECT, cluster) + "/" + uid).then().statusCode(200)
                .body("metadata.uid", equalTo(uid)).body("status.phase", equalTo("Deleting"));
        given().header("Authorization", operator(PROJECT)).get(base(PROJECT, cluster) + "/" + uid).then().statusCode(404)
                .body("error_code", equalTo("CCE.01404001")).body("error_msg", containsString(uid));
        given().header("Authorization", operator(PROJECT)).get(base(PROJECT, cluster)).then().statusCode(200)
                .body("items.metadata.uid", not(hasItem(uid)));
    }

    @Test
    void shouldAcceptTheTokenAsXAuthTokenOrBearerAndRefuseWithout() {
        String uid = given().header("X-Auth-Token", TestTokens.operator(PROJECT)).contentType(ContentType.JSON)
                .body(poolBody("by-x-auth-token")).post(base(PROJECT, cluster)).then().statusCode(201).extract().path("metadata.uid");
        given().header("X-Auth-Token", TestTokens.viewer(PROJECT)).get(base(PROJECT, cluster) + "/" + uid).then().statusCode(200);
        given().get(base(PROJECT, cluster)).then().statusCode(401).body("error_code", equalTo("CCE.01401001"));
        given().header("X-Auth-Token", TestTokens.expired()).get(base(PROJECT, cluster)).then().statusCode(401);
        given().header("X-Auth-Token", "not-a-jwt").get(base(PROJECT, cluster)).then().statusCode(401);
    }

    @Test
    void shouldCheckRolesAndHideOtherProjects() {
        given().header("Authorization", "Bearer " + TestTokens.viewer(PROJECT)).contentType(ContentType.JSON)
                .body(poolBody("viewer-pool")).post(base(PROJECT, cluster)).then().statusCode(403)
                .body("error_code", equalTo("CCE.01403001"));
        given().header("Authorization", operator("other-project")).get(base(PROJECT, cluster)).then().statusCode(404)
                .body("error_code", equalTo("CCE.01404001"));
    }

    @Test
    void shouldAnswer404ForAnUnknownClusterOrPool() {
        createPool(PROJECT, "cluster-unknown", "pool-a").then().statusCode(404)
                .body("error_code", equalTo("CCE.01404001")).body("error_msg", containsString("cluster-unknown"));
        given().header("Authorization", operator(PROJECT)).get(base(PROJECT, "cluster-unknown")).then().statusCode(404);
        given().header("Authorization", operator(PROJECT)).get(base(PROJECT, cluster) + "/" + UUID.randomUUID()).then().statusCode(404);
        given().header("Authorization", operator(PROJECT)).get(base(PROJECT, cluster) + "/not-a-uuid").then().statusCode(404);
        given().header("Authorization", operator(PROJECT)).delete(base(PROJECT, cluster) + "/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void shouldRefuseBadBodiesInTheCceErrorShapeNamingTheField() {
        post(poolBody("ok-name").replace("\"NodePool\"", "\"Pool\"")).then().statusCode(400)
                .body("error_code", equalTo("CCE.01400001")).body("error_msg", containsString("kind"));
        post(poolBody("ok-name").replace("\"v3\"", "\"v2\"")).then().statusCode(400).body("error_msg", containsString("apiVersion"));
        post(poolBody("Bad_Name")).then().statusCode(400).body("error_msg", containsString("metadata.name"));
        post(poolBody("x".repeat(51))).then().statusCode(400).body("error_msg", containsString("metadata.name"));
        post(poolBody("ok-name").replace("\"initialNodeCount\":0", "\"initialNodeCount\":3")).then().statusCode(400)
                .body("error_msg", containsString("spec.initialNodeCount"));
        post(poolBody("ok-name").replace("\"type\":\"pm\"", "\"type\":\"spot\"")).then().statusCode(400)
                .body("error_msg", containsString("spec.type"));
        post(poolBody("ok-name").replace("\"az\"", "\"zone\"")).then().statusCode(400).body("error_msg", containsString("zone"));
        post("{\"kind\":\"NodePool\",\"apiVersion\":\"v3\",\"metadata\":{\"name\":\"no-spec\"}}").then().statusCode(400)
                .body("error_msg", containsString("spec"));
        post("{\"kind\":").then().statusCode(400).body("error_code", equalTo("CCE.01400001"));
        post("[]").then().statusCode(400);
    }

    @Test
    void shouldRefuseASecondPoolOfTheSameNameIn409() {
        createPool(PROJECT, cluster, "twice").then().statusCode(201);
        createPool(PROJECT, cluster, "twice").then().statusCode(409).body("error_code", equalTo("CCE.01409001"))
                .body("error_msg", containsString("twice"));
    }

    @Test
    void shouldStopAcceptingPoolsOnceTheProviderIsDeletedAndStayDeleted() throws InterruptedException {
        String other = "cluster-" + UUID.randomUUID().toString().substring(0, 8);
        String registration = UUID.randomUUID().toString();
        EventProbe.publish(bootstrap, "identity.providers", registration, "cluster.registered", other,
                NodePoolFixtures.clusterRegistered(other), NodePoolFixtures.IDENTITY_SOURCE);
        NodePoolFixtures.awaitConsumed(database, registration);
        String uid = createPool(PROJECT, other, "before-delete").then().statusCode(201).extract().path("metadata.uid");
        EventProbe.publish(bootstrap, "identity.providers", UUID.randomUUID().toString(), "provider.deleted", other,
                "{\"providerId\":\"" + other + "\",\"clusterId\":\"" + other + "\",\"domain\":\"d.example.com\",\"adminUserId\":\"a\","
                        + "\"deletedAt\":\"2026-11-24T08:00:00Z\"}", NodePoolFixtures.IDENTITY_SOURCE);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (createPool(PROJECT, other, "after-" + System.nanoTime() % 100000).statusCode() != 404) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("pools still accepted 30 s after provider.deleted");
            }
            Thread.sleep(200);
        }
        // its pools stay readable and deletable, so the operator can clean up
        given().header("Authorization", operator(PROJECT)).get(base(PROJECT, other) + "/" + uid).then().statusCode(200);
        // a replayed registration (same event id), then a late one (new id) on the same key: once the late one is in the
        // inbox, the replay before it on the partition was consumed too; neither revives the cluster
        EventProbe.publish(bootstrap, "identity.providers", registration, "cluster.registered", other,
                NodePoolFixtures.clusterRegistered(other), NodePoolFixtures.IDENTITY_SOURCE);
        String late = UUID.randomUUID().toString();
        EventProbe.publish(bootstrap, "identity.providers", late, "cluster.registered", other,
                NodePoolFixtures.clusterRegistered(other), NodePoolFixtures.IDENTITY_SOURCE);
        NodePoolFixtures.awaitConsumed(database, late);
        createPool(PROJECT, other, "revived").then().statusCode(404);
        given().header("Authorization", operator(PROJECT)).delete(base(PROJECT, other) + "/" + uid).then().statusCode(200);
    }

    @Inject
    Pool database;

    private io.restassured.response.Response post(String body) {
        return given().header("Authorization", operator(PROJECT)).contentType(ContentType.JSON).body(body)
                .post(base(PROJECT, cluster));
    }
}
