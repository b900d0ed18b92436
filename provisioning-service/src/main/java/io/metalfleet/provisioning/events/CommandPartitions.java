package io.metalfleet.provisioning.events;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

import io.metalfleet.provisioning.domain.FleetOperations;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * This replica's share of the fleet: the servers whose {@code bmc.command}s land on the partitions of
 * {@code provisioning.commands} the consumer group gave it (the producer's partitioner: murmur2 of the server id). The
 * power-state sync reads only these BMCs, so with several replicas each BMC is read once per interval, and by the
 * replica that runs its commands (the per-BMC concurrency limit is per process).
 */
@ApplicationScoped
@Identifier(CommandPartitions.NAME)
public class CommandPartitions implements KafkaConsumerRebalanceListener {

    /** The listener's name in the channel's {@code consumer-rebalance-listener.name}, and its qualifier. */
    public static final String NAME = "bmc-commands-partitions";

    private static final Logger LOG = Logger.getLogger(CommandPartitions.class);

    private volatile Set<Integer> owned = Set.of();
    private volatile int partitionCount;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        // the whole assignment (an eager rebalance hands everything out again, a cooperative one only what is new)
        Set<Integer> now = new HashSet<>();
        consumer.assignment().stream().filter(tp -> tp.topic().equals(FleetOperations.COMMANDS_TOPIC)).forEach(tp -> now.add(tp.partition()));
        partitionCount = consumer.partitionsFor(FleetOperations.COMMANDS_TOPIC).size();
        owned = Set.copyOf(now);
        LOG.infof("this replica owns %d of the %d partitions of %s", now.size(), partitionCount, FleetOperations.COMMANDS_TOPIC);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Set<Integer> now = new HashSet<>(owned);
        partitions.forEach(tp -> now.remove(tp.partition()));
        owned = Set.copyOf(now);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        onPartitionsRevoked(consumer, partitions);
    }

    /** Whether this replica owns the server's partition now (none before the group's first assignment). */
    public boolean owns(String serverId) {
        int count = partitionCount;
        return count > 0 && owned.contains(partitionOf(serverId, count));
    }

    /** The partition Kafka's default partitioner puts a record keyed {@code serverId} in. */
    public static int partitionOf(String serverId, int partitionCount) {
        return Utils.toPositive(Utils.murmur2(serverId.getBytes(StandardCharsets.UTF_8))) % partitionCount;
    }
}
