package io.metalfleet.provisioning.nodepools;

import static io.metalfleet.provisioning.nodepools.NodePoolFixtures.base;
import static io.metalfleet.provisioning.nodepools.NodePoolFixtures.createPool;
import static io.metalfleet.provisioning.nodepools.NodePoolFixtures.nodeList;
import static io.metalfleet.provisioning.nodepools.NodePoolFixtures.operator;
import static io.metalfleet.provisioning.nodepools.NodePoolFixtures.server;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.metalfleet.local.testing.EventProbe;
import io.metalfleet.local.testing.TestTokens;
import io.metalfleet.provisioning.nodepools.pki.NodeKeySealer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * nodes/add → job → node.joining (key pair and CSR made here, key sealed) → cert-service's certificate.issued (played by
 * {@link CertServiceStandIn} on the real broker) → node.joined → job Success; deadline failures, the rules of nodes/add
 * and nodes/remove, and that no private key leaves the database sealed.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeJoinTest {

    static final String PROJECT = "f0e1d2c3b4a5968778695a4b3c2d1e0f";
    static final ObjectMapper JSON = new ObjectMapper();
    final String cluster = "cluster-" + UUID.randomUUID().toString().substring(0, 8);
    final List<String> logged = Collections.synchronizedList(new ArrayList<>());
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
            logged.add(message + (record.getThrown() == null ? "" : " " + record.getThrown()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    Pool database;
    @Inject
    NodeKeySealer sealer;

    @BeforeAll
    void registerCluster() throws InterruptedException {
        Logger.getLogger("").addHandler(capture);
        NodePoolFixtures.registerCluster(bootstrap, database, cluster);
    }

    @AfterAll
    void stopCapture() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void shouldJoinEveryNodeOnItsCertificateAndSucceed() throws Exception {
        String pool = newPool("join-all");
        String a = server(database, PROJECT, "ACTIVE");
        String b = server(database, PROJECT, "ACTIVE");
        String jobId = given().header("X-Auth-Token", TestTokens.operator(PROJECT)).contentType(ContentType.JSON)
                .body(nodeList(a, b)).post(base(PROJECT, cluster) + "/" + pool + "/nodes/add")
                .then().statusCode(200).extract().path("jobid");
        UUID.fromString(jobId);

        List<ConsumerRecord<String, String>> joining = events(jobId, "node.joining", 2, Duration.ofSeconds(30));
        assertEquals(2, joining.size(), "one node.joining per node");
        Set<String> servers = new TreeSet<>();
        for (ConsumerRecord<String, String> record : joining) {
            assertEquals(jobId, EventProbe.header(record, "ce_subject"));
            assertEquals("urn:metalfleet:provisioning-service", EventProbe.header(record, "ce_source"));
            assertNotNull(EventProbe.header(record, "ce_time"));
            JsonNode data = JSON.readTree(record.value());
            assertEquals(Set.of("jobId", "projectId", "clusterId", "serverId", "nodeName", "csr"), fields(data));
            assertEquals(PROJECT, data.path("projectId").asText());
            assertEquals(cluster, data.path("clusterId").asText());
            String serverId = data.path("serverId").asText();
            servers.add(serverId);
            String nodeName = data.path("nodeName").asText();
            assertTrue(nodeName.matches("join-all-[a-z0-9]{10}"), nodeName);
            PKCS10CertificationRequest csr = CertServiceStandIn.parse(data.path("csr").asText());
            ECPublicKey publicKey = (ECPublicKey) KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(csr.getSubjectPublicKeyInfo().getEncoded()));
            assertTrue(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(publicKey)));
            assertEquals(nodeName, IETFUtils.valueToString(csr.getSubject().getRDNs(BCStyle.CN)[0].getFirst().getValue()));
            Extensions extensions = Extensions.getInstance(csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)[0]
                    .getAttrValues().getObjectAt(0));
            GeneralName san = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName).getNames()[0];
            assertEquals(GeneralName.dNSName, san.getTagNo());
            assertEquals(nodeName, san.getName().toString());
            assertEquals(256, publicKey.getParams().getCurve().getField().getFieldSize());
            // the key is stored sealed, opens only under the node-key encryption key and pairs with the CSR's public key
            Row row = database.preparedQuery("SELECT key_id, key_sealed FROM pool_nodes WHERE server_id = $1")
                    .execute(Tuple.of(serverId)).await().indefinitely().iterator().next();
            assertEquals("node-kek-1", row.getString("key_id"));
            byte[] pkcs8 = sealer.open(row.getString("key_sealed"), serverId);
            PrivateKey privateKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(privateKey);
            signer.update(serverId.getBytes());
            byte[] proof = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(publicKey);
            verifier.update(serverId.getBytes());
            assertTrue(verifier.verify(proof), "the sealed key is the CSR's key");
            secrets.add(Base64.getEncoder().encodeToString(pkcs8));
        }
        assertEquals(new TreeSet<>(List.of(a, b)), servers);

        JsonPath running = job(jobId);
        assertEquals("Job", running.getString("kind"));
        assertEquals("AddNodesToNodePool", running.getString("spec.type"));
        assertEquals(cluster, running.getString("spec.clusterUID"));
        assertEquals(pool, running.getString("spec.resourceID"));
        assertEquals("join-all", running.getString("spec.resourceName"));
        assertEquals("Running", running.getString("status.phase"));
        assertEquals(List.of("Running", "Running"), running.getList("spec.subJobs.status.phase"));

        String redelivered = UUID.randomUUID().toString();
        CertServiceStandIn.issue(bootstrap, joining.get(0).value(), redelivered);
        CertServiceStandIn.issue(bootstrap, joining.get(0).value(), redelivered); // at-least-once delivery: the same event again
        CertServiceStandIn.issue(bootstrap, joining.get(1).value(), UUID.randomUUID().toString());

        JsonPath done = awaitFinished(jobId);
        assertEquals("Success", done.getString("status.phase"), done.prettify());
        assertEquals(List.of("Success", "Success"), done.getList("spec.subJobs.status.phase"));
        assertEquals(List.of("AddNode", "AddNode"), done.getList("spec.subJobs.spec.type"));
        assertEquals(new TreeSet<>(List.of(a, b)), new TreeSet<>(done.getList("spec.subJobs.spec.resourceID", String.class)));
        given().header("Authorization", operator(PROJECT)).get(base(PROJECT, cluster) + "/" + pool).then().statusCode(200)
                .body("status.currentNode", equalTo(2)).body("status.phase", equalTo("Synchronized"));

        List<ConsumerRecord<String, String>> joined = events(jobId, "node.joined", 3, Duration.ofSeconds(3));
        assertEquals(2, joined.size(), "one node.joined per node, the redelivered certificate applied once");
        JsonNode joinedData = JSON.readTree(joined.get(0).value());
        assertEquals(jobId, joinedData.path("jobId").asText());
        assertFalse(joinedData.path("certificateSerial").asText().isEmpty());
        List<ConsumerRecord<String, String>> finished = events(jobId, "job.finished", 1, Duration.ofSeconds(30));
        assertEquals("Success", JSON.readTree(finished.get(0).value()).path("phase").asText());
        assertEquals(1, events(jobId, "job.created", 1, Duration.ofSeconds(10)).size());
        assertNoSecretLeft(jobId, done.prettify());
    }

    @Test
    void shouldFailOnlyTheNodeWhoseCertificateNeverCame() throws Exception {
        String pool = newPool("one-bad");
        String good = server(database, PROJECT, "ACTIVE");
        String bad = server(database, PROJECT, "ACTIVE");
        String jobId = add(pool, nodeList(good, bad)).then().statusCode(200).extract().path("jobid");
        List<ConsumerRecord<String, String>> joining = events(jobId, "node.joining", 2, Duration.ofSeconds(30));
        assertEquals(2, joining.size());
        for (ConsumerRecord<String, String> record : joining) {
            if (good.equals(JSON.readTree(record.value()).path("serverId").asText())) {
                CertServiceStandIn.issue(bootstrap, record.value(), UUID.randomUUID().toString());
            }
        }
        // a node still joining cannot be removed: its job decides first
        remove(pool, nodeList(bad)).then().statusCode(400).body("error_msg", containsString(bad))
                .body("error_msg", containsString("still joining"));

        JsonPath done = awaitFinished(jobId);
        assertEquals("Failed", done.getString("status.phase"));
        assertEquals("1 of 2 nodes failed", done.getString("status.reason"));
        assertEquals("Success", done.getString("spec.subJobs.find { it.spec.resourceID == '" + good + "' }.status.phase"));
        assertEquals("Failed", done.getString("spec.subJobs.find { it.spec.resourceID == '" + bad + "' }.status.phase"));
        assertTrue(done.getString("spec.subJobs.find { it.spec.resourceID == '" + bad + "' }.status.reason").startsWith("deadline:"));
        JsonNode finished = JSON.readTree(events(jobId, "job.finished", 1, Duration.ofSeconds(30)).get(0).value());
        assertEquals("Failed", finished.path("phase").asText());
        // the failed node left the pool with its key: it can be added again; the joined one stays
        given().header("Authorization", operator(PROJECT)).get(base(PROJECT, cluster) + "/" + pool).then()
                .body("status.currentNode", equalTo(1));
        assertEquals(0, database.preparedQuery("SELECT 1 FROM pool_nodes WHERE server_id = $1").execute(Tuple.of(bad))
                .await().indefinitely().rowCount());
        add(pool, nodeList(bad)).then().statusCode(200);
    }

    @Test
    void shouldRefuseServersThatCannotJoinNamingEachAndWriteNothing() throws Exception {
        String pool = newPool("rules");
        String other = newPool("rules-other");
        String active = server(database, PROJECT, "ACTIVE");
        String building = server(database, PROJECT, "BUILD");
        String foreign = server(database, "another-project", "ACTIVE");
        String unknown = UUID.randomUUID().toString();
        String pooled = server(database, PROJECT, "ACTIVE");
        add(other, nodeList(pooled)).then().statusCode(200);
        long jobsBefore = count("SELECT count(*) AS n FROM np_jobs");

        String message = add(pool, nodeList(active, building, foreign, unknown, pooled)).then().statusCode(400)
                .body("error_code", equalTo("CCE.01400001")).extract().path("error_msg");
        assertTrue(message.contains(building + " is BUILD, not ACTIVE"), message);
        assertTrue(message.contains(foreign + " is not a server of project " + PROJECT), message);
        assertTrue(message.contains(unknown + " is not a server of project " + PROJECT), message);
        assertTrue(message.contains(pooled + " is already in node pool " + other), message);
        assertFalse(message.contains(active), "the fit server is not named: " + message);
        assertEquals(jobsBefore, count("SELECT count(*) AS n FROM np_jobs"), "no job written");
        assertEquals(0, count("SELECT count(*) AS n FROM pool_nodes WHERE server_id = '" + active + "'"), "nothing written");

        add(pool, nodeList(active, active)).then().statusCode(400).body("error_msg", containsString("listed twice"));
        String[] many = new String[201];
        for (int i = 0; i < many.length; i++) {
            many[i] = UUID.randomUUID().toString();
        }
        add(pool, nodeList(many)).then().statusCode(400).body("error_msg", containsString("at most 200"));
        add(pool, nodeList(active).replace("\"List\"", "\"Lst\"")).then().statusCode(400).body("error_msg", containsString("kind"));
        add(pool, nodeList(active).replace("\"v3\"", "\"v2\"")).then().statusCode(400).body("error_msg", containsString("apiVersion"));
        add(pool, nodeList()).then().statusCode(400).body("error_msg", containsString("nodeList"));
        add(pool, "{\"kind\":\"List\",\"apiVersion\":\"v3\",\"nodeList\":[{}]}").then().statusCode(400)
                .body("error_msg", containsString("serverID"));
        add(pool, "{\"kind\":\"List\",\"apiVersion\":\"v3\",\"nodeList\":[{\"serverID\":\"a\",\"name\":\"x\"}]}").then().statusCode(400);
        add(UUID.randomUUID().toString(), nodeList(active)).then().statusCode(404).body("error_code", equalTo("CCE.01404001"));
        given().header("Authorization", operator(PROJECT)).contentType(ContentType.JSON).body(nodeList(active))
                .post(base(PROJECT, "cluster-unknown") + "/" + pool + "/nodes/add").then().statusCode(404);
        given().header("Authorization", "Bearer " + TestTokens.viewer(PROJECT)).contentType(ContentType.JSON).body(nodeList(active))
                .post(base(PROJECT, cluster) + "/" + pool + "/nodes/add").then().statusCode(403);
        given().contentType(ContentType.JSON).body(nodeList(active)).post(base(PROJECT, cluster) + "/" + pool + "/nodes/add")
                .then().statusCode(401);
        assertEquals(jobsBefore, count("SELECT count(*) AS n FROM np_jobs"), "still no job written");
        // the fit server alone is accepted
        add(pool, nodeList(active)).then().statusCode(200);
    }

    @Test
    void shouldRemoveJoinedNodesAndOnlyThenDeleteThePool() throws Exception {
        String pool = newPool("to-empty");
        String a = server(database, PROJECT, "ACTIVE");
        String stranger = server(database, PROJECT, "ACTIVE");
        String jobId = add(pool, nodeList(a)).then().statusCode(200).extract().path("jobid");
        CertServiceStandIn.issue(bootstrap, events(jobId, "node.joining", 1, Duration.ofSeconds(30)).get(0).value(),
                UUID.randomUUID().toString());
        assertEquals("Success", awaitFinished(jobId).getString("status.phase"));

        given().header("Authorization", operator(PROJECT)).delete(base(PROJECT, cluster) + "/" + pool).then().statusCode(409)
                .body("error_code", equalTo("CCE.01409001")).body("error_msg", containsString("nodes/remove"));
        remove(pool, nodeList(a, stranger)).then().statusCode(400).body("error_msg", containsString(stranger))
                .body("error_msg", not(containsString(a + " ")));
        String removal = remove(pool, nodeList(a)).then().statusCode(200).extract().path("jobid");
        JsonPath job = job(removal);
        assertEquals("RemoveNodesFromNodePool", job.getString("spec.type"));
        assertEquals("Success", job.getString("status.phase"));
        assertEquals(List.of("RemoveNode"), job.getList("spec.subJobs.spec.type"));
        JsonNode removed = JSON.readTree(events(removal, "node.removed", 1, Duration.ofSeconds(30)).get(0).value());
        assertEquals(a, removed.path("serverId").asText());
        assertEquals(0, count("SELECT count(*) AS n FROM pool_nodes WHERE server_id = '" + a + "'"), "node and its sealed key gone");
        given().header("Authorization", operator(PROJECT)).delete(base(PROJECT, cluster) + "/" + pool).then().statusCode(200);
        given().header("Authorization", operator(PROJECT)).get("/api/v3/projects/" + PROJECT + "/jobs/" + UUID.randomUUID())
                .then().statusCode(404).body("error_code", equalTo("CCE.01404001"));
        given().header("Authorization", operator("other-project")).get("/api/v3/projects/" + PROJECT + "/jobs/" + removal)
                .then().statusCode(404);
    }

    @Test
    void shouldLetOnlyOneOfConcurrentAddsOfAServerWin() throws Exception {
        String first = newPool("race-a");
        String second = newPool("race-b");
        String contested = server(database, PROJECT, "ACTIVE");
        List<java.util.concurrent.CompletableFuture<Integer>> attempts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String target = i % 2 == 0 ? first : second;
            attempts.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> add(target, nodeList(contested)).statusCode()));
        }
        List<Integer> statuses = attempts.stream().map(java.util.concurrent.CompletableFuture::join).toList();
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(7, statuses.stream().filter(s -> s == 400).count(), statuses.toString());
        assertEquals(1, count("SELECT count(*) AS n FROM np_job_nodes WHERE server_id = '" + contested + "'"));
    }

    @Test
    void shouldStartAJobLeftInitializingByAStoppedReplica() throws Exception {
        // what a replica that stopped between the commit of nodes/add and making the keys leaves behind
        String pool = newPool("left-behind");
        String serverId = server(database, PROJECT, "ACTIVE");
        UUID jobId = UUID.randomUUID();
        java.time.OffsetDateTime past = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusMinutes(1);
        database.withTransaction(tx -> tx.preparedQuery("INSERT INTO pool_nodes (server_id, pool_id, node_name, state, job_id, updated_at)"
                + " VALUES ($1, $2, 'left-behind-x', 'joining', $3, $4)").execute(Tuple.of(serverId, UUID.fromString(pool), jobId, past))
                .chain(() -> tx.preparedQuery("INSERT INTO np_jobs (id, project, cluster_id, pool_id, pool_name, type, phase, reason,"
                        + " deadline, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, 'left-behind', 'AddNodesToNodePool',"
                        + " 'Initializing', '', $5, 'test', $6, $6)")
                        .execute(Tuple.of(jobId, PROJECT, cluster, UUID.fromString(pool), past.plusMinutes(10), past)))
                .chain(() -> tx.preparedQuery("INSERT INTO np_job_nodes (job_id, server_id, sub_job_id, node_name, phase, reason,"
                        + " position, updated_at) VALUES ($1, $2, $3, 'left-behind-x', 'Initializing', '', 0, $4)")
                        .execute(Tuple.of(jobId, serverId, UUID.randomUUID(), past))))
                .await().indefinitely();
        List<ConsumerRecord<String, String>> joining = events(jobId.toString(), "node.joining", 1, Duration.ofSeconds(30));
        assertEquals(1, joining.size(), "the sweep started the job");
        assertEquals("Running", job(jobId.toString()).getString("status.phase"));
        CertServiceStandIn.issue(bootstrap, joining.get(0).value(), UUID.randomUUID().toString());
        assertEquals("Success", awaitFinished(jobId.toString()).getString("status.phase"));
    }

    final List<String> secrets = Collections.synchronizedList(new ArrayList<>());

    /** No private key in any event of the job, in the job's answer or in the log: only the sealed form in the database. */
    private void assertNoSecretLeft(String jobId, String jobBody) {
        List<String> texts = new ArrayList<>();
        EventProbe.await(bootstrap, "provisioning.jobs", r -> jobId.equals(r.key()), 1000, Duration.ofSeconds(3))
                .forEach(r -> texts.add(r.value()));
        assertTrue(texts.size() >= 6, "created, progressed, 2 joining, 2 joined, finished: " + texts.size());
        texts.add(jobBody);
        synchronized (logged) {
            texts.addAll(logged);
        }
        assertFalse(secrets.isEmpty());
        for (String text : texts) {
            assertFalse(text.contains("PRIVATE KEY"), text);
            for (String secret : secrets) {
                assertFalse(text.contains(secret.substring(0, 40)), "a private key leaked: " + text);
            }
        }
    }

    private String newPool(String name) {
        return createPool(PROJECT, cluster, name).then().statusCode(201).extract().path("metadata.uid");
    }

    private io.restassured.response.Response add(String pool, String body) {
        return given().header("Authorization", operator(PROJECT)).contentType(ContentType.JSON).body(body)
                .post(base(PROJECT, cluster) + "/" + pool + "/nodes/add");
    }

    private io.restassured.response.Response remove(String pool, String body) {
        return given().header("Authorization", operator(PROJECT)).contentType(ContentType.JSON).body(body)
                .post(base(PROJECT, cluster) + "/" + pool + "/nodes/remove");
    }

    private JsonPath job(String jobId) {
        return given().header("Authorization", "Bearer " + TestTokens.viewer(PROJECT)).get("/api/v3/projects/" + PROJECT + "/jobs/" + jobId)
                .then().statusCode(200).extract().jsonPath();
    }

    /** Polls the job until it leaves Initializing/Running; the join deadline in tests is 20 s. */
    private JsonPath awaitFinished(String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            JsonPath job = job(jobId);
            String phase = job.getString("status.phase");
            if (!"Initializing".equals(phase) && !"Running".equals(phase)) {
                return job;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("job " + jobId + " still open after 90 s");
    }

    private List<ConsumerRecord<String, String>> events(String jobId, String type, int count, Duration timeout) {
        return EventProbe.await(bootstrap, "provisioning.jobs",
                r -> jobId.equals(r.key()) && type.equals(EventProbe.header(r, "ce_type")), count, timeout);
    }

    private long count(String sql) {
        return database.query(sql).execute().await().indefinitely().iterator().next().getLong("n");
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
