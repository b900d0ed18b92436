package io.metalfleet.local.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.utils.Time;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * A real single-node Apache Kafka broker in KRaft mode (broker and controller in one), run inside the
 * calling JVM. The local stack runs it in a process of its own; tests run one per test JVM.
 * Stopping keeps the log directory, so {@link #start()} again brings back the same topics and data
 * on the same port (the outbox tests rely on that).
 */
public final class KafkaBroker implements AutoCloseable {

    /** KRaft wants 16 bytes in URL-safe base64; a fixed id keeps restarts on the same log simple. */
    private static final String CLUSTER_ID = "bWV0YWxmbGVldC1rYWZrYQ";

    private final int port;
    private final int controllerPort;
    private final Path logDir;
    private KafkaRaftServer server;

    public KafkaBroker(int port, int controllerPort, Path logDir) {
        this.port = port;
        this.controllerPort = controllerPort;
        this.logDir = logDir;
    }

    /** A broker on free loopback ports with its log in a fresh temporary folder. */
    public static KafkaBroker onFreePorts() throws IOException {
        int[] ports = FreePorts.distinct(2);
        return new KafkaBroker(ports[0], ports[1], Files.createTempDirectory("metalfleet-kafka"));
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public synchronized KafkaBroker start() {
        if (server != null) {
            return this;
        }
        KafkaConfig config = KafkaConfig.fromProps(brokerProperties(), false);
        formatStorageOnce(config);
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        return this;
    }

    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Creates the missing ones of the given topics; existing topics are left as they are. */
    public void createTopics(Map<String, Integer> partitionsByTopic) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            partitionsByTopic.forEach((name, partitions) -> {
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, partitions, (short) 1));
                }
            });
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not create topics on " + bootstrapServers(), e);
        }
    }

    private Properties brokerProperties() {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toAbsolutePath().toString());
        props.put("num.partitions", "3");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "6");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "true");
        props.put("log.retention.hours", "168");
        return props;
    }

    private void formatStorageOnce(KafkaConfig config) {
        try {
            Files.createDirectories(logDir);
            Path propsFile = logDir.resolveSibling(logDir.getFileName() + ".server.properties");
            try (var out = Files.newOutputStream(propsFile)) {
                brokerProperties().store(out, "generated by KafkaBroker");
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            String[] format = { "format", "-t", CLUSTER_ID, "-c", propsFile.toString(), "--ignore-formatted" };
            int rc = StorageTool.execute(format, new PrintStream(output, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                throw new IllegalStateException("kafka storage format failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the Kafka log directory " + logDir, e);
        }
    }

}
