package io.metalfleet.local.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.metalfleet.local.infra.KafkaBroker;
import io.metalfleet.local.infra.Topics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real Kafka broker (KRaft) for a service's tests: one per test JVM, with the suite's topics.
 * Tests that need the broker down (outbox tests) call {@link #stopBroker()} and
 * {@link #startBroker()}; those go through System properties holding plain {@link Runnable}s,
 * because Quarkus loads this class in more than one class loader.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    private static final String STOP = "metalfleet.test.kafka.stop";
    private static final String START = "metalfleet.test.kafka.start";
    private static KafkaBroker broker;

    @Override
    public Map<String, String> start() {
        KafkaBroker kafka = shared();
        return Map.of("kafka.bootstrap.servers", kafka.bootstrapServers());
    }

    @Override
    public void stop() {
        // Shared across the test classes of this JVM; stopped by the shutdown hook.
    }

    public static void stopBroker() {
        ((Runnable) System.getProperties().get(STOP)).run();
    }

    public static void startBroker() {
        ((Runnable) System.getProperties().get(START)).run();
    }

    private static synchronized KafkaBroker shared() {
        if (broker == null) {
            try {
                broker = KafkaBroker.onFreePorts().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the Kafka broker", e);
            }
            broker.createTopics(Topics.partitionsByTopic());
            KafkaBroker started = broker;
            System.getProperties().put(STOP, (Runnable) started::stop);
            System.getProperties().put(START, (Runnable) started::start);
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "kafka-test-broker-stop"));
        }
        return broker;
    }
}
