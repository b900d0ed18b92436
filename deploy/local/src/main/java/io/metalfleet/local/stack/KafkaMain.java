package io.metalfleet.local.stack;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.metalfleet.local.infra.KafkaBroker;
import io.metalfleet.local.infra.Topics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The stack's Kafka: a real single-node KRaft broker with the suite's topics (metalfleet-topics.properties),
 * its log kept in {@code --log-dir} across restarts; runs until SIGTERM, then shuts down cleanly.
 */
@Command(name = "kafka", mixinStandardHelpOptions = true, description = "Runs the stack's Kafka broker (KRaft).")
public final class KafkaMain implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "9092")
    int port;

    @Option(names = "--controller-port", defaultValue = "9093")
    int controllerPort;

    @Option(names = "--log-dir", required = true)
    Path logDir;

    @Override
    public Integer call() throws Exception {
        KafkaBroker broker = new KafkaBroker(port, controllerPort, logDir.toAbsolutePath());
        // Registered before start so a SIGTERM during startup still stops what has started.
        Runtime.getRuntime().addShutdownHook(new Thread(broker::stop, "kafka-stop"));
        broker.start();
        Map<String, Integer> topics = Topics.partitionsByTopic();
        broker.createTopics(topics);
        System.out.println(PostgresMain.READY + ": Kafka (KRaft) on " + broker.bootstrapServers() + ", topics " + topics);
        System.out.flush();
        new CountDownLatch(1).await();
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new KafkaMain()).execute(args));
    }
}
