package io.metalfleet.local.events;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.common.KafkaException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./metalfleet events}: a subscriber's view of the suite. Tails every topic (or the ones named)
 * and prints each record as a readable CloudEvent until Ctrl-C.
 */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Tails the suite's Kafka topics and prints every record as a readable CloudEvent.")
public final class EventsMain implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", defaultValue = "127.0.0.1:9092", description = "Kafka bootstrap servers")
    String bootstrapServers;

    @Option(names = "--from-beginning", description = "show what the topics hold already, not only new events")
    boolean fromBeginning;

    @Option(names = "--max-events", defaultValue = "0", description = "stop after this many events (0 = until Ctrl-C)")
    long maxEvents;

    @Option(names = "--topic-refresh", defaultValue = "PT10S", description = "how often new topics are looked for (ISO-8601)")
    Duration topicRefresh;

    @Option(names = "--color", negatable = true, description = "emphasise event types (default: when the output is a terminal)")
    Boolean color;

    @Parameters(arity = "0..*", paramLabel = "TOPIC", description = "topics to follow (default: all of them)")
    List<String> topics = new ArrayList<>();

    @Override
    public Integer call() {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        boolean emphasis = color != null ? color : System.console() != null;
        EventTail.Settings settings = new EventTail.Settings(bootstrapServers, topics, fromBeginning, emphasis,
                Duration.ofMillis(500), topicRefresh, maxEvents);
        CountDownLatch finished = new CountDownLatch(1);
        try (EventTail tail = new EventTail(settings)) {
            Thread hook = new Thread(() -> {
                tail.stop();
                try {
                    finished.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "events-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            System.err.println("# following " + (topics.isEmpty() ? "every topic" : String.join(", ", topics)) + " on "
                    + bootstrapServers + (fromBeginning ? " from the beginning" : " (new events only)") + "; Ctrl-C stops");
            try {
                tail.run(event -> out.println(event));
            } finally {
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // Ctrl-C: the hook is running and waits for this block; nothing to remove.
                }
            }
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("ERROR: " + e.getMessage());
            return 2;
        } catch (KafkaException e) {
            System.err.println("ERROR: Kafka at " + bootstrapServers + " did not answer (" + e.getMessage()
                    + "). Is the stack up? ./metalfleet status");
            return 1;
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new EventsMain()).execute(args));
    }
}
