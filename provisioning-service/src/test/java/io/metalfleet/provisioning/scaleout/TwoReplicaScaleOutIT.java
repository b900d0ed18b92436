package io.metalfleet.provisioning.scaleout;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.metalfleet.local.infra.FreePorts;
import io.metalfleet.local.infra.Topics;
import io.metalfleet.local.testing.EventProbe;
import io.metalfleet.local.testing.JwtTestResource;
import io.metalfleet.local.testing.KafkaTestResource;
import io.metalfleet.local.testing.PostgresTestResource;
import io.metalfleet.local.testing.TestTokens;
import io.metalfleet.provisioning.TestFleet;
import io.metalfleet.provisioning.events.CommandPartitions;
import io.metalfleet.simulator.BmcFleet;
import io.metalfleet.simulator.FleetConfig;
import io.metalfleet.simulator.SimulatedBmc;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Issue 5's "two-replica scale-out": provisioning-service started twice side by side (the packaged application, two
 * processes) against one PostgreSQL, one Kafka broker ({@code provisioning.commands} with its 24 partitions, one
 * consumer group) and one simulated fleet. One batchPower (PowerCycle + one-time PXE) over every server is shared by
 * both replicas; one is stopped mid-way, gracefully (SIGTERM) in the first test and by a crash (SIGKILL) of a fresh
 * replica in the second. The operation must complete with every server succeeded, done once: the simulator's reset
 * counter of each BMC. Each replica runs at most 4 commands at once, so its share goes in waves and "mid-way" is
 * real: the stopped replica has done some of its servers, is running some, and has not started the rest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoReplicaScaleOutIT {

    static final int BMCS = 48;
    static final String PROJECT = "project-scale";
    static final String BASE = "/v1/regions/us-test-1/projects/" + PROJECT + "/infrastructure";
    static final String GROUP = "provisioning-commands";
    static final String COMMANDS = "provisioning.commands";
    static final int PER_REPLICA_CONCURRENCY = 4;
    static final Path APP = Path.of("target", "quarkus-app", "quarkus-run.jar");
    static final Path LOGS = Path.of("target", "scale-out-it");
    static final Duration START = Duration.ofSeconds(150);
    static final Duration FINISH = Duration.ofSeconds(120);

    BmcFleet fleet;
    String bootstrap;
    final Map<String, String> infra = new LinkedHashMap<>();
    final List<ReplicaProcess> replicas = new ArrayList<>();
    /** Server id → its simulated BMC. */
    final Map<String, SimulatedBmc> bmcs = new LinkedHashMap<>();
    ReplicaProcess survivor;
    /** HTTP ports of replicas a, b, c: found together (found one by one, two replicas started at once could get the same). */
    int[] ports;

    @BeforeAll
    void startEverything() throws Exception {
        assertTrue(Files.exists(APP), APP + " missing: the ITs run after package (mvn verify)");
        PostgresTestResource postgres = new PostgresTestResource();
        postgres.init(Map.of("database", "provisioning"));
        infra.putAll(postgres.start());
        infra.putAll(new KafkaTestResource().start());
        infra.putAll(new JwtTestResource().start());
        bootstrap = infra.get("kafka.bootstrap.servers");
        // one vendor profile (DMTF): PowerCycle is one Reset there, so "done once" is "reset once"
        fleet = BmcFleet.start(FleetConfig.builder().bmcs(BMCS).basePort(0).controlPort(-1).profiles("dmtf").poweredOn(true)
                .latency(Duration.ofMillis(30)).powerTransition(Duration.ofMillis(600)).build());
        ports = FreePorts.distinct(3);
        ReplicaProcess a = startReplica("a");
        ReplicaProcess b = startReplica("b");
        a.awaitReady(START);
        b.awaitReady(START);
        survivor = a;
        enrollFleet();
    }

    @AfterAll
    void stopEverything() {
        replicas.forEach(ReplicaProcess::close);
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    @Order(1)
    void shouldShareAnOperationAndHandTheRestOverWhenAReplicaIsStopped() throws Exception {
        ReplicaProcess leaving = replicas.get(1);
        Map<String, Integer> resetsBefore = resets();
        Map<String, Set<Integer>> assignment = awaitAssignment(Set.of(survivor.name, leaving.name));
        String location = batchPower();
        awaitMidway(location, leaving.name, PER_REPLICA_CONCURRENCY, 2);
        leaving.stop(Duration.ofSeconds(60));
        JsonPath atStop = operation(location);
        List<String> leavingShare = shareOf(assignment.get(leaving.name));
        long doneByLeaving = results(atStop, r -> leaving.name.equals(r.get("replica")) && "succeeded".equals(r.get("state"))).size();
        assertTrue(doneByLeaving < leavingShare.size(), "stopped mid-way: " + doneByLeaving + " of its " + leavingShare.size() + " servers done");
        assertEquals(0, results(atStop, r -> leaving.name.equals(r.get("replica")) && "running".equals(r.get("state"))).size(),
                "SIGTERM: the commands in flight finished before the replica left\n" + atStop.prettify());
        assertTrue(leaving.logText().contains("replica " + leaving.name + " stopping: no fleet command in flight"), leaving.logTail());

        JsonPath done = awaitFinished(location);
        assertEquals("succeeded", done.getString("state"), done.prettify());
        assertEquals(BMCS, done.getInt("counts.succeeded"));
        Set<String> owners = new HashSet<>(done.getList("results.replica"));
        assertEquals(Set.of(survivor.name, leaving.name), owners, "both replicas wrote results");
        assertTrue(leavingShare.containsAll(serversRunBy(done, leaving.name)), "a replica runs the servers of its partitions only");
        Map<String, Integer> resetsAfter = resets();
        for (String serverId : bmcs.keySet()) {
            assertEquals(1, result(done, serverId).get("attempts"), "claimed once: " + serverId);
            assertEquals(1, resetsAfter.get(serverId) - resetsBefore.get(serverId), "reset once: " + serverId);
        }
        assertFleetBootedFromPxeWithinTheLimit();
        assertEquals(BMCS, commandsPublished(location).size(), "one bmc.command per server, whichever replica relayed it");
        System.out.printf("scale-out (SIGTERM): %d of %d servers by %s, %d by %s before it stopped%n", BMCS - doneByLeaving, BMCS,
                survivor.name, doneByLeaving, leaving.name);
    }

    @Test
    @Order(2)
    void shouldLoseNoServerWhenAReplicaCrashes() throws Exception {
        // independent of how the first test ended: the survivor alone, then a fresh replica beside it
        replicas.stream().filter(r -> r != survivor).forEach(ReplicaProcess::close);
        ReplicaProcess crashing = startReplica("c");
        crashing.awaitReady(START);
        Map<String, Set<Integer>> assignment = awaitAssignment(Set.of(survivor.name, crashing.name));
        Map<String, Integer> resetsBefore = resets();
        String location = batchPower();
        awaitMidway(location, crashing.name, PER_REPLICA_CONCURRENCY, 2);
        crashing.crash();
        long crashedAt = System.nanoTime();
        JsonPath atCrash = operation(location);
        List<String> crashedShare = shareOf(assignment.get(crashing.name));
        long doneByCrashed = results(atCrash, r -> crashing.name.equals(r.get("replica")) && "succeeded".equals(r.get("state"))).size();
        assertTrue(doneByCrashed < crashedShare.size(), "crashed mid-way: " + doneByCrashed + " of its " + crashedShare.size() + " servers done");
        // the commands the crashed replica was running: it may or may not have reset their BMCs before it died
        Set<String> inFlight = results(atCrash, r -> crashing.name.equals(r.get("replica")) && "running".equals(r.get("state")))
                .stream().map(r -> (String) r.get("serverId")).collect(Collectors.toSet());
        assertTrue(!inFlight.isEmpty(), "commands in flight at the crash\n" + atCrash.prettify());

        JsonPath done = awaitFinished(location);
        long handover = Duration.ofNanos(System.nanoTime() - crashedAt).toMillis();
        assertEquals("succeeded", done.getString("state"), done.prettify());
        assertEquals(BMCS, done.getInt("counts.succeeded"));
        Map<String, Integer> resetsAfter = resets();
        for (String serverId : bmcs.keySet()) {
            Map<String, Object> result = result(done, serverId);
            int resets = resetsAfter.get(serverId) - resetsBefore.get(serverId);
            if (inFlight.contains(serverId)) {
                // taken over when its lease ran out: run again by the survivor, the BMC reset once or, if the crashed
                // replica's Reset had reached it, twice; a crash between request and record cannot be told apart
                assertEquals(survivor.name, result.get("replica"), "taken over: " + serverId);
                assertEquals(2, result.get("attempts"), "claimed by the crashed replica, then by the survivor: " + serverId);
                assertTrue(resets == 1 || resets == 2, "in flight at the crash, reset " + resets + " times: " + serverId);
            } else {
                assertEquals(1, result.get("attempts"), "claimed once: " + serverId);
                assertEquals(1, resets, "reset once: " + serverId);
            }
        }
        assertTrue(crashedShare.containsAll(serversRunBy(atCrash, crashing.name)), "a replica runs the servers of its partitions only");
        assertFleetBootedFromPxeWithinTheLimit();
        System.out.printf("scale-out (SIGKILL): %d servers done by %s before the crash, %d in flight taken over; "
                + "operation finished %d ms after the crash%n", doneByCrashed, crashing.name, inFlight.size(), handover);
    }

    private ReplicaProcess startReplica(String name) throws Exception {
        Map<String, String> config = new LinkedHashMap<>(infra);
        config.put("metalfleet.credentials.seal-key", TestFleet.SEAL_KEY);
        config.put("metalfleet.nodepools.node-keys.encryption-key", "dGVzdC1vbmx5LW5vZGUta2V5LWVuY3J5cHRpb24ta2U=");
        config.put("metalfleet.redfish.allowed-networks", "127.0.0.0/8");
        // the power-state sync reads each replica's share every 2 s alongside the commands (the per-BMC limit holds)
        config.put("metalfleet.power.sync-interval", "PT2S");
        config.put("metalfleet.operations.replica-id", name);
        config.put("metalfleet.operations.max-concurrent-commands", String.valueOf(PER_REPLICA_CONCURRENCY));
        // a crashed replica's items are taken over within seconds (renewed every third of the lease while running)
        config.put("metalfleet.operations.lease", "PT10S");
        config.put("metalfleet.operations.takeover-interval", "PT1S");
        // its partitions move after 6 s without heartbeat (the broker's minimum)
        config.put("mp.messaging.incoming.bmc-commands.session.timeout.ms", "6000");
        config.put("mp.messaging.incoming.bmc-commands.heartbeat.interval.ms", "1000");
        config.put("mp.messaging.incoming.bmc-commands.client.id", "commands-" + name);
        config.put("quarkus.log.console.json.enabled", "false");
        config.put("quarkus.log.category.\"org.apache.kafka\".level", "WARN");
        ReplicaProcess replica = ReplicaProcess.start(APP, name, ports[replicas.size()], config, LOGS);
        replicas.add(replica);
        return replica;
    }

    /** server.enrolled for every BMC, as inventory-service publishes it; waits until every server was inspected. */
    private void enrollFleet() {
        for (SimulatedBmc bmc : fleet.bmcs()) {
            String id = "server-" + UUID.randomUUID().toString().substring(0, 6);
            bmcs.put(id, bmc);
            EventProbe.publish(bootstrap, "inventory.servers", UUID.randomUUID().toString(), "server.enrolled", id,
                    TestFleet.enrolled(id, PROJECT, bmc, bmc.password(), "worker"));
        }
        Set<String> inspected = EventProbe.await(bootstrap, "provisioning.servers",
                r -> bmcs.containsKey(r.key()) && "server.inspected".equals(EventProbe.header(r, "ce_type")), BMCS, Duration.ofSeconds(90))
                .stream().map(r -> r.key()).collect(Collectors.toSet());
        assertEquals(bmcs.keySet(), inspected, "every server inspected");
    }

    /** Waits until the command group is stable with exactly these replicas, each given partitions; their partitions. */
    private Map<String, Set<Integer>> awaitAssignment(Set<String> names) throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        Map<String, Set<Integer>> partitions = new HashMap<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            while (System.nanoTime() < deadline) {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
                partitions.clear();
                for (MemberDescription member : group.members()) {
                    String name = member.clientId().replaceFirst("^commands-", "").replaceFirst("-.*$", "");
                    for (TopicPartition tp : member.assignment().topicPartitions()) {
                        if (tp.topic().equals(COMMANDS)) {
                            partitions.computeIfAbsent(name, n -> new HashSet<>()).add(tp.partition());
                        }
                    }
                }
                if (group.groupState() == GroupState.STABLE && partitions.keySet().equals(names)
                        && partitions.values().stream().mapToInt(Set::size).sum() == partitionCount()) {
                    return Map.copyOf(partitions);
                }
                Thread.sleep(250);
            }
        }
        throw new AssertionError("group " + GROUP + " not shared by " + names + " in time: " + partitions);
    }

    /** The servers whose commands land on these partitions (the producer's partitioner: murmur2 of the key). */
    private List<String> shareOf(Set<Integer> partitions) {
        return bmcs.keySet().stream()
                .filter(id -> partitions.contains(CommandPartitions.partitionOf(id, partitionCount())))
                .toList();
    }

    private static int partitionCount() {
        return Topics.partitionsByTopic().get(COMMANDS);
    }

    private String batchPower() {
        String ids = bmcs.keySet().stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(","));
        String location = given().baseUri(survivor.url()).header("Authorization", operator()).contentType(ContentType.JSON)
                .body("{\"serverIds\":[" + ids + "],\"action\":\"PowerCycle\",\"bootOverride\":{\"target\":\"Pxe\",\"enabled\":\"Once\"}}")
                .post(BASE + "/servers:batchPower").then().statusCode(202).extract().header("Location");
        return location.substring(location.indexOf("/v1/"));
    }

    private JsonPath operation(String location) {
        return given().baseUri(survivor.url()).header("Authorization", operator()).get(location).then().statusCode(200).extract().jsonPath();
    }

    /**
     * Polls until {@code replica} is mid-way: at least {@code done} results recorded and at least {@code running} commands
     * in hand, the operation still running.
     */
    private void awaitMidway(String location, String replica, int done, int running) throws InterruptedException {
        long deadline = System.nanoTime() + FINISH.toNanos();
        while (System.nanoTime() < deadline) {
            JsonPath op = operation(location);
            assertEquals("running", op.getString("state"), "the operation ended before replica " + replica + " could be stopped mid-way");
            if (results(op, r -> replica.equals(r.get("replica")) && "succeeded".equals(r.get("state"))).size() >= done
                    && results(op, r -> replica.equals(r.get("replica")) && "running".equals(r.get("state"))).size() >= running) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("replica " + replica + " not mid-way (" + done + " done, " + running + " running) in time");
    }

    private JsonPath awaitFinished(String location) throws InterruptedException {
        long deadline = System.nanoTime() + FINISH.toNanos();
        while (System.nanoTime() < deadline) {
            JsonPath op = operation(location);
            if (!"running".equals(op.getString("state"))) {
                return op;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("operation " + location + " still running at the deadline: " + operation(location).prettify()
                + "\n" + survivor.logTail());
    }

    private static List<Map<String, Object>> results(JsonPath op, Predicate<Map<String, Object>> wanted) {
        return op.<Map<String, Object>> getList("results").stream().filter(wanted).toList();
    }

    private static List<String> serversRunBy(JsonPath op, String replica) {
        return results(op, r -> replica.equals(r.get("replica"))).stream().map(r -> (String) r.get("serverId")).toList();
    }

    private static Map<String, Object> result(JsonPath op, String serverId) {
        return results(op, r -> serverId.equals(r.get("serverId"))).get(0);
    }

    private Map<String, Integer> resets() {
        Map<String, Integer> resets = new HashMap<>();
        bmcs.forEach((id, bmc) -> resets.put(id, bmc.resetsReceived()));
        return resets;
    }

    private void assertFleetBootedFromPxeWithinTheLimit() {
        bmcs.forEach((id, bmc) -> {
            assertEquals("Pxe", bmc.hostState().lastBootTarget(), "booted from PXE: " + id);
            assertTrue(bmc.maxConcurrentRequests() <= 2, "per-BMC limit held on " + id + ": " + bmc.maxConcurrentRequests());
        });
    }

    /** The bmc.command records of the operation on the topic (a relay sending an event twice would show here). */
    private List<?> commandsPublished(String location) {
        String operationId = location.substring(location.lastIndexOf('/') + 1);
        return EventProbe.await(bootstrap, COMMANDS, r -> r.value().contains("\"" + operationId + "\""), BMCS + 1, Duration.ofSeconds(5));
    }

    private static String operator() {
        return "Bearer " + TestTokens.operator(PROJECT);
    }
}
