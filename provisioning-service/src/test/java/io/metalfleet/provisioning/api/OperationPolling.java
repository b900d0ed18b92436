package io.metalfleet.provisioning.api;

import static io.restassured.RestAssured.given;

import java.time.Duration;

import io.restassured.path.json.JsonPath;

/** Waits for a fleet operation of the service under test to end, through its API. */
public final class OperationPolling {

    private OperationPolling() {
    }

    /** The operation at {@code location} (its path or the full Location) once no longer running; fails after 60 s. */
    public static JsonPath awaitFinished(String location, String authorization) throws InterruptedException {
        String path = location.substring(location.indexOf("/v1/"));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonPath op = given().header("Authorization", authorization).get(path).then().statusCode(200).extract().jsonPath();
            if (!"running".equals(op.getString("state"))) {
                return op;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("operation " + path + " still running at the deadline");
    }
}
