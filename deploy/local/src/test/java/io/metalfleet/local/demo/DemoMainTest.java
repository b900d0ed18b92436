package io.metalfleet.local.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** What the demo refuses before it starts, and how it reports a stack that does not answer. */
class DemoMainTest {

    @TempDir
    Path dir;

    @Test
    void shouldRefuseToStartWithoutTheAdminToken() {
        Run run = run(name -> null, "--gateway", "http://127.0.0.1:1");
        assertEquals(2, run.exitCode);
        assertTrue(run.err.contains("METALFLEET_TOKEN is not set"), run.err);
    }

    @Test
    void shouldRefuseMoreNodesThanServers() {
        Run run = run(name -> "token", "--gateway", "http://127.0.0.1:1", "--servers", "1", "--nodes", "2");
        assertEquals(2, run.exitCode);
        assertTrue(run.err.contains("--nodes (2) cannot exceed --servers (1)"), run.err);
    }

    @Test
    void shouldNameTheFirstStepAndTheGatewayWhenNothingAnswers() throws Exception {
        Path inventory = dir.resolve("simulator-inventory.json");
        Files.writeString(inventory, "{\"bmcs\":[{\"index\":0,\"url\":\"http://127.0.0.1:20000\",\"username\":\"admin\",\"password\":\"pw\"}]}");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Run run = run(name -> "token", "--gateway", "http://127.0.0.1:" + closedPort, "--inventory-file", inventory.toString(),
                "--progress", "plain");
        assertEquals(1, run.exitCode);
        assertTrue(run.err.contains("the demo failed at step 1/9 (identity: register a provider"), run.err);
        assertTrue(run.err.contains("no answer from the gateway http://127.0.0.1:" + closedPort), run.err);
        assertTrue(run.out.contains("[1/9] identity") && run.out.contains("FAILED after"), run.out);
    }

    @Test
    void shouldSayWhereTheSimulatorsInventoryWasLookedFor() {
        Path missing = dir.resolve("none.json");
        Run run = run(name -> "token", "--gateway", "http://127.0.0.1:1", "--inventory-file", missing.toString());
        assertEquals(1, run.exitCode);
        assertTrue(run.err.contains("cannot read the simulator's inventory " + missing), run.err);
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(Function<String, String> environment, String... args) {
        DemoMain main = new DemoMain();
        main.environment = environment;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream previousOut = System.out;
        PrintStream previousErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(main).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(previousOut);
            System.setErr(previousErr);
        }
    }
}
