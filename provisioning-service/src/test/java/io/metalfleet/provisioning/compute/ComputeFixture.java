package io.metalfleet.provisioning.compute;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import io.metalfleet.local.testing.EventProbe;
import io.metalfleet.local.testing.TestTokens;
import io.metalfleet.provisioning.TestFleet;
import io.metalfleet.simulator.BmcFleet;
import io.metalfleet.simulator.FleetConfig;
import io.metalfleet.simulator.SimulatedBmc;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * What the compute tests share: their own simulated fleet (machines for servers on demand, one JVM-wide), machines
 * enrolled per account through inventory's server.enrolled and inspected by the service, the public catalog of the
 * seed's example, and every log line the service writes (to prove secrets never reach a log).
 */
final class ComputeFixture {

    static final String FLAVOR = "1";
    static final String IMAGE = "test_public_image";
    static final String GROUP = "group2012Nov02_jD6NX8BsK";
    static final String API = "http://api.metalfleet.test";
    static final ConcurrentLinkedQueue<String> LOG_LINES = new ConcurrentLinkedQueue<>();

    private static BmcFleet fleet;
    private static boolean catalogReady;

    private ComputeFixture() {
    }

    static synchronized BmcFleet fleet() {
        if (fleet == null) {
            fleet = BmcFleet.start(FleetConfig.builder().bmcs(28).basePort(0).controlPort(-1).latency(Duration.ofMillis(2))
                    .powerTransition(Duration.ofMillis(200)).bootTime(Duration.ofMillis(800)).build());
            Runtime.getRuntime().addShutdownHook(new Thread(fleet::close));
            java.util.logging.Logger.getLogger("").addHandler(new Handler() {
                @Override
                public void publish(LogRecord record) {
                    LOG_LINES.add(String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(record.getParameters())
                            + " " + (record.getThrown() == null ? "" : record.getThrown().getMessage()));
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            });
        }
        return fleet;
    }

    /** Enrolls BMCs {@code indices} of the compute fleet as machines of {@code account}; returns when all are inspected. */
    static List<String> enroll(String bootstrap, String account, int... indices) {
        List<String> ids = new ArrayList<>();
        for (int i : indices) {
            SimulatedBmc bmc = fleet().bmc(i);
            String id = "server-c" + UUID.randomUUID().toString().substring(0, 5);
            ids.add(id);
            EventProbe.publish(bootstrap, "inventory.servers", UUID.randomUUID().toString(), "server.enrolled", id,
                    TestFleet.enrolled(id, account, bmc, bmc.password(), "worker"));
        }
        Set<String> wanted = Set.copyOf(ids);
        int inspected = EventProbe.await(bootstrap, "provisioning.servers", r -> wanted.contains(r.key())
                && "server.inspected".equals(EventProbe.header(r, "ce_type")), ids.size(), Duration.ofSeconds(60)).size();
        if (inspected != ids.size()) {
            throw new AssertionError("only " + inspected + " of " + ids.size() + " machines inspected");
        }
        return ids;
    }

    /** The seed example's public flavor, image and security group, created once by an admin. */
    static synchronized void publicCatalog() {
        if (catalogReady) {
            return;
        }
        String admin = "Bearer " + TestTokens.admin();
        String base = "/accounts/acct-admin/flexcloud";
        given().header("Authorization", admin).contentType(ContentType.JSON)
                .body("{\"flavor\":{\"id\":\"" + FLAVOR + "\",\"name\":\"bm.small\",\"cpuCores\":1,\"ramGiB\":1,\"public\":true}}")
                .post(base + "/flavors").then().statusCode(201);
        given().header("Authorization", admin).contentType(ContentType.JSON)
                .body("{\"image\":{\"id\":\"" + IMAGE + "\",\"name\":\"CentOS 5 Plesk\",\"bootMethod\":\"Pxe\",\"public\":true}}")
                .post(base + "/images").then().statusCode(201);
        given().header("Authorization", admin).contentType(ContentType.JSON)
                .body("{\"security_group\":{\"id\":\"" + GROUP + "\",\"name\":\"default\",\"description\":\"all open\",\"public\":true}}")
                .post(base + "/os-security-groups").then().statusCode(201);
        catalogReady = true;
    }

    /** Seed 002's example request body for {@code account}. */
    static String seedRequest(String account, String name) {
        return """
                { "server" : { "flavorRef" : "%s/accounts/%s/flexcloud/flavors/1", "securityGroupRef":"%s/accounts/%s/flexcloud/os-security-groups/group2012Nov02_jD6NX8BsK/", "name" : "%s", "imageRef" : "%s/accounts/%s/flexcloud/images/test_public_image", "zone": "AUS001" } }
                """.formatted(API, account, API, account, name, API, account);
    }

    static String operator(String account) {
        return "Bearer " + TestTokens.operator(account);
    }

    /** Polls the server until {@code done} says so or the deadline passes; returns the last body. */
    static JsonPath awaitServer(String account, String id, java.util.function.Predicate<JsonPath> done, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonPath last = null;
        while (System.nanoTime() < deadline) {
            last = given().header("Authorization", operator(account)).get("/accounts/" + account + "/flexcloud/servers/" + id)
                    .then().statusCode(200).extract().jsonPath();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("server " + id + " not there at the deadline: " + (last == null ? "" : last.prettify()));
    }

    /** Polls a condition until true or the deadline. */
    static void await(String what, java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached before the deadline: " + what);
            }
            Thread.sleep(100);
        }
    }
}
