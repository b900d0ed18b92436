package io.metalfleet.local.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows topics of the broker and hands every record, formatted by {@link CloudEventView}, to a sink.
 *
 * <p>It assigns partitions itself instead of joining a consumer group: a reader must not commit
 * offsets, show up among the services' groups, or take partitions from anyone. Without named topics
 * it follows every topic that is not Kafka's own, and picks up topics created while it runs (a
 * dead-letter topic appears with its first record), reading those from their beginning.
 */
public final class EventTail implements AutoCloseable {

    /** Every option of a tail; the defaults are what {@code ./metalfleet events} uses. */
    public record Settings(String bootstrapServers, List<String> topics, boolean fromBeginning, boolean emphasis,
            Duration pollTimeout, Duration topicRefresh, long maxEvents) {
        public Settings {
            topics = List.copyOf(topics);
        }
    }

    private final Settings settings;
    private final KafkaConsumer<String, String> consumer;
    private final Set<TopicPartition> assigned = new HashSet<>();
    private volatile boolean stopped;

    public EventTail(Settings settings) {
        this.settings = settings;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "metalfleet-events");
        // A stack that is down should fail the command quickly rather than hang on metadata.
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    /**
     * Reads until {@link #stop()} is called (from another thread, e.g. on Ctrl-C) or
     * {@code maxEvents} records were handed to the sink (0 = no limit).
     *
     * @throws IllegalArgumentException when a named topic does not exist
     */
    public void run(Consumer<String> sink) {
        long shown = 0;
        long nextRefresh = 0;
        try {
            while (!stopped) {
                if (System.nanoTime() >= nextRefresh) {
                    follow(discover(), assigned.isEmpty() ? settings.fromBeginning() : true);
                    nextRefresh = System.nanoTime() + settings.topicRefresh().toNanos();
                }
                for (ConsumerRecord<String, String> record : consumer.poll(settings.pollTimeout())) {
                    sink.accept(CloudEventView.format(record, settings.emphasis()));
                    if (settings.maxEvents() > 0 && ++shown >= settings.maxEvents()) {
                        return;
                    }
                }
            }
        } catch (WakeupException e) {
            // stop() from another thread: the normal way out.
        }
    }

    /** The topics currently followed, sorted. */
    public Set<String> topics() {
        Set<String> topics = new TreeSet<>();
        assigned.forEach(partition -> topics.add(partition.topic()));
        return topics;
    }

    public void stop() {
        stopped = true;
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }

    private List<PartitionInfo> discover() {
        Map<String, List<PartitionInfo>> existing = consumer.listTopics();
        List<PartitionInfo> partitions = new ArrayList<>();
        if (settings.topics().isEmpty()) {
            existing.forEach((topic, infos) -> {
                if (!topic.startsWith("__")) {
                    partitions.addAll(infos);
                }
            });
            return partitions;
        }
        for (String topic : settings.topics()) {
            List<PartitionInfo> infos = existing.get(topic);
            if (infos == null) {
                Set<String> known = new TreeSet<>(existing.keySet());
                known.removeIf(name -> name.startsWith("__"));
                throw new IllegalArgumentException("no topic '" + topic + "' on " + settings.bootstrapServers()
                        + "; the topics are: " + String.join(", ", known));
            }
            partitions.addAll(infos);
        }
        return partitions;
    }

    /** Adds partitions not followed yet; {@code fromStart} reads them from their first record. */
    private void follow(List<PartitionInfo> partitions, boolean fromStart) {
        List<TopicPartition> added = new ArrayList<>();
        for (PartitionInfo info : partitions) {
            TopicPartition partition = new TopicPartition(info.topic(), info.partition());
            if (assigned.add(partition)) {
                added.add(partition);
            }
        }
        if (added.isEmpty()) {
            return;
        }
        consumer.assign(new ArrayList<>(assigned));
        if (fromStart) {
            consumer.seekToBeginning(added);
        } else {
            consumer.seekToEnd(added);
        }
    }
}
