package io.metalfleet.local.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.Map;

import javax.management.JMException;
import javax.management.ObjectName;
import javax.management.StandardMBean;

import io.metalfleet.local.infra.KafkaBroker;
import io.metalfleet.local.infra.Topics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real Kafka broker (KRaft) for a service's tests: one per test JVM, with the suite's topics.
 * Tests that need the broker down (outbox tests) call {@link #stopBroker()} and
 * {@link #startBroker()}; those go through a platform MBean, because Quarkus may load this class in
 * more than one class loader and only JVM-wide registries see the one broker.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    private static final String CONTROL = "io.metalfleet.test:type=KafkaBroker";
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
        invoke("stop");
    }

    public static void startBroker() {
        invoke("start");
    }

    private static void invoke(String operation) {
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName(CONTROL), operation, null, null);
        } catch (JMException e) {
            throw new IllegalStateException("no test Kafka broker to " + operation, e);
        }
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
            try {
                ManagementFactory.getPlatformMBeanServer().registerMBean(new StandardMBean(new KafkaBrokerControlMBean() {
                    @Override
                    public void stop() {
                        started.stop();
                    }

                    @Override
                    public void start() {
                        started.start();
                    }

                    @Override
                    public boolean isRunning() {
                        return started.isRunning();
                    }
                }, KafkaBrokerControlMBean.class), new ObjectName(CONTROL));
            } catch (JMException e) {
                throw new IllegalStateException("cannot register the broker control", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "kafka-test-broker-stop"));
        }
        return broker;
    }
}
