package io.metalfleet.local.demo;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.metalfleet.local.testing.EventProbe;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./metalfleet demo}: walks the operator's journey on the running stack, through its gateway,
 * showing progress, and exits non-zero naming the step that failed. The admin token comes from the
 * environment (never the command line, where {@code ps} would show it).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The operator's journey, end to end, through the gateway of the running stack.")
public final class DemoMain implements Callable<Integer> {

    enum ProgressMode { AUTO, LIVE, PLAIN }

    @Option(names = "--gateway", required = true, description = "the gateway's base URL, e.g. http://127.0.0.1:8080")
    URI gateway;

    @Option(names = "--token-env", defaultValue = "METALFLEET_TOKEN", description = "environment variable holding the admin token")
    String tokenEnv;

    @Option(names = "--inventory-file", defaultValue = ".metalfleet/simulator-inventory.json",
            description = "the simulator's list of BMCs")
    Path inventoryFile;

    @Option(names = "--kafka-bootstrap", defaultValue = "127.0.0.1:9092",
            description = "the stack's broker: the demo reads certificate.issued there, as a subscriber would")
    String kafkaBootstrap;

    @Option(names = "--region", defaultValue = "local-1")
    String region;

    @Option(names = "--project", defaultValue = "metalfleet-demo", description = "the project the fleet is enrolled in")
    String project;

    @Option(names = "--servers", defaultValue = "3", description = "servers to build (seed 002)")
    int servers;

    @Option(names = "--nodes", defaultValue = "2", description = "of those, servers added to the node pool (seed 003)")
    int nodes;

    @Option(names = "--poll-interval", defaultValue = "PT0.5S")
    Duration pollInterval;

    @Option(names = "--request-timeout", defaultValue = "PT30S")
    Duration requestTimeout;

    @Option(names = "--inspection-timeout", defaultValue = "PT3M")
    Duration inspectionTimeout;

    @Option(names = "--build-timeout", defaultValue = "PT5M", description = "servers: BUILD to ACTIVE")
    Duration buildTimeout;

    @Option(names = "--job-timeout", defaultValue = "PT5M", description = "node pool job: to Success")
    Duration jobTimeout;

    @Option(names = "--progress", defaultValue = "AUTO", description = "AUTO (live on a terminal), LIVE or PLAIN")
    ProgressMode progressMode;

    /** Where environment variables come from (a test hands in its own). */
    Function<String, String> environment = System::getenv;

    @Override
    public Integer call() {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String adminToken = environment.apply(tokenEnv);
        if (adminToken == null || adminToken.isBlank()) {
            System.err.println("ERROR: " + tokenEnv + " is not set: source .metalfleet/stack.env (./metalfleet demo does)");
            return 2;
        }
        if (nodes > servers) {
            System.err.println("ERROR: --nodes (" + nodes + ") cannot exceed --servers (" + servers + ")");
            return 2;
        }
        boolean live = progressMode == ProgressMode.LIVE || progressMode == ProgressMode.AUTO && System.console() != null;
        Progress progress = new Progress(out, live, Duration.ofSeconds(5));
        GatewayClient api = new GatewayClient(gateway, requestTimeout);
        long started = System.nanoTime();
        List<SimulatedFleet.Bmc> fleet;
        try {
            fleet = SimulatedFleet.read(inventoryFile);
        } catch (StepFailedException e) {
            System.err.println("ERROR: " + e.getMessage());
            return 1;
        }
        Journey journey = new Journey(api, new Journey.Settings(adminToken, fleet, region, project, servers, nodes, pollInterval,
                inspectionTimeout, buildTimeout, jobTimeout, this::issuedCertificates), progress);
        out.println("Metalfleet demo, run " + journey.runId() + ": the operator's journey through " + gateway);
        List<Journey.Step> steps = journey.steps();
        for (int i = 0; i < steps.size(); i++) {
            Journey.Step step = steps.get(i);
            progress.step(i + 1, steps.size(), step.name());
            long stepStarted = System.nanoTime();
            try {
                String result = step.work().run();
                progress.passed(result, Duration.ofNanos(System.nanoTime() - stepStarted));
            } catch (StepFailedException | IllegalStateException e) {
                progress.failed(Duration.ofNanos(System.nanoTime() - stepStarted));
                System.err.printf("ERROR: the demo failed at step %d/%d (%s): %s%n", i + 1, steps.size(), step.name(), e.getMessage());
                return 1;
            }
        }
        out.println("The journey is complete: " + steps.size() + " steps in "
                + Progress.seconds(Duration.ofNanos(System.nanoTime() - started)) + " (run " + journey.runId() + ").");
        out.println("What the services told each other on the way: ./metalfleet events --from-beginning");
        return 0;
    }

    private List<JsonNode> issuedCertificates(String jobId, int count, Duration timeout) {
        List<JsonNode> payloads = new ArrayList<>();
        for (ConsumerRecord<String, String> record : EventProbe.await(kafkaBootstrap, "cert.certificates",
                record -> "certificate.issued".equals(EventProbe.header(record, "ce_type")) && record.value().contains(jobId),
                count, timeout)) {
            try {
                JsonNode data = GatewayClient.JSON.readTree(record.value());
                if (jobId.equals(data.path("jobId").asText())) {
                    payloads.add(data);
                }
            } catch (JsonProcessingException e) {
                // not the event sought: cert-service writes JSON
            }
        }
        return payloads;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new DemoMain()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }
}
