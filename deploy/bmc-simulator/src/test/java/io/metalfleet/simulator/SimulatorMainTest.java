package io.metalfleet.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line as ./metalfleet runs it: its own JVM, inventory and CA files, clean stop on SIGTERM. */
class SimulatorMainTest {

    @Test
    void cliShouldStartAFleetWriteItsFilesAndStopOnSigterm(@TempDir Path dir) throws Exception {
        Path inventory = dir.resolve("inventory.json");
        Path ca = dir.resolve("ca.pem");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), SimulatorMain.class.getName(),
                "--bmcs", "100", "--base-port", "0", "--control-port", "0", "--https", "--latency-ms", "0",
                "--inventory-file", inventory.toString(), "--ca-file", ca.toString(), "--username", "ops",
                "--password", "s3cret")).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            assertTrue(ready != null && ready.contains("100 BMCs") && ready.contains("https"), String.valueOf(ready));
            JsonNode inv = Redfish.JSON.readTree(inventory.toFile());
            assertEquals(100, inv.get("bmcs").size());
            JsonNode first = inv.get("bmcs").get(0);
            assertEquals("ops", first.get("username").asText());
            assertTrue(first.get("url").asText().startsWith("https://127.0.0.1:"));
            HttpClient tls = Redfish.tlsClient(HttpsTest.trusting(Files.readString(ca)));
            HttpResponse<String> root = tls.send(HttpRequest.newBuilder(URI.create(first.get("url").asText() + "/redfish/v1"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, root.statusCode());
            int control = Integer.parseInt(ready.replaceAll(".*control API http://127\\.0\\.0\\.1:(\\d+).*", "$1"));
            HttpResponse<String> fleet = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + control + "/fleet")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(100, Redfish.JSON.readTree(fleet.body()).get("bmcs").asInt());
        } finally {
            p.destroy(); // SIGTERM
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the simulator should stop on SIGTERM");
        assertEquals(143, p.exitValue(), "JVM exit status after SIGTERM with a clean shutdown hook");
    }

    @Test
    void cliShouldServeAnAddressPerBmcOnOnePort(@TempDir Path dir) throws Exception {
        Path inventory = dir.resolve("inventory.json");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), SimulatorMain.class.getName(),
                "--bmcs", "300", "--address-per-bmc", "127.5.0.200", "--base-port", "0", "--control-port", "0",
                "--latency-ms", "0", "--profiles", "gpu", "--inventory-file", inventory.toString()))
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            assertTrue(ready != null && ready.matches("bmc-simulator: 300 BMCs on 127\\.5\\.0\\.200-127\\.5\\.1\\.243 port \\d+"
                    + " \\(http\\), control API http://127\\.0\\.0\\.1:\\d+, started in \\d+ ms"), String.valueOf(ready));
            int port = Integer.parseInt(ready.replaceAll(".* port (\\d+) .*", "$1"));
            JsonNode last = Redfish.JSON.readTree(inventory.toFile()).get("bmcs").get(299);
            assertEquals("127.5.1.243:" + port, last.get("address").asText());
            assertEquals("http://127.5.1.243:" + port, last.get("url").asText());
            String auth = java.util.Base64.getEncoder().encodeToString((last.get("username").asText() + ":"
                    + last.get("password").asText()).getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> system = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(last.get("url").asText() + last.get("systemPath").asText())).header("Authorization", "Basic " + auth)
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, system.statusCode());
            assertEquals(last.get("serialNumber").asText(), Redfish.JSON.readTree(system.body()).get("SerialNumber").asText());
        } finally {
            p.destroy();
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the simulator should stop on SIGTERM");
    }
}
