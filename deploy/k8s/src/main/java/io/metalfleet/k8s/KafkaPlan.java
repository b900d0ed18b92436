package io.metalfleet.k8s;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.metalfleet.local.infra.Topics;

/**
 * The suite's Kafka on Kubernetes: every topic with its partitions (from the suite's topic table, the one the
 * local stack uses) and retention (from {@code kafka-topics.tsv}), and which service produces and consumes
 * which topic (from {@code kafka-access.tsv}).
 */
public record KafkaPlan(List<Topic> topics, List<Access> access) {

    public record Topic(String name, int partitions, Duration retention) {
    }

    public enum Mode {
        PRODUCE, CONSUME
    }

    public record Access(String service, String topic, Mode mode) {
    }

    public static final String TOPICS_FILE = "kafka-topics.tsv";
    public static final String ACCESS_FILE = "kafka-access.tsv";

    /** Reads the tables under {@code k8sDir} (deploy/k8s) and the suite's topic table from the classpath. */
    public static KafkaPlan load(Path k8sDir) throws IOException {
        return of(Topics.partitionsByTopic(), Tsv.read(k8sDir.resolve(TOPICS_FILE), 3),
                Tsv.read(k8sDir.resolve(ACCESS_FILE), 3));
    }

    static KafkaPlan of(Map<String, Integer> suitePartitions, List<Tsv.Row> topicRows, List<Tsv.Row> accessRows) {
        Map<String, Topic> topics = new TreeMap<>();
        for (Tsv.Row row : topicRows) {
            String name = row.get(0);
            Duration retention;
            try {
                retention = Duration.parse(row.get(1));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(row.where() + ": retention must be an ISO-8601 duration like P7D", e);
            }
            Integer fromSuite = suitePartitions.get(name);
            int partitions;
            if ("-".equals(row.get(2))) {
                if (fromSuite == null) {
                    throw new IllegalArgumentException(row.where() + ": " + name
                            + " is not in the suite's topic table; give its partitions here");
                }
                partitions = fromSuite;
            } else if (fromSuite != null) {
                // Two partition counts for one topic would drift: the suite's table owns them.
                throw new IllegalArgumentException(row.where() + ": " + name
                        + " takes its partitions from the suite's topic table; write '-'");
            } else {
                partitions = Integer.parseInt(row.get(2));
            }
            if (topics.put(name, new Topic(name, partitions, retention)) != null) {
                throw new IllegalArgumentException(row.where() + ": duplicate topic " + name);
            }
        }
        Set<String> missing = new TreeSet<>(suitePartitions.keySet());
        missing.removeAll(topics.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(TOPICS_FILE + ": no retention for " + missing);
        }
        List<Access> access = new ArrayList<>();
        for (Tsv.Row row : accessRows) {
            Mode mode;
            try {
                mode = Mode.valueOf(row.get(2).toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(row.where() + ": access must be produce or consume", e);
            }
            if (!topics.containsKey(row.get(1))) {
                throw new IllegalArgumentException(row.where() + ": unknown topic " + row.get(1));
            }
            Access a = new Access(row.get(0), row.get(1), mode);
            if (access.contains(a)) {
                throw new IllegalArgumentException(row.where() + ": duplicate row");
            }
            access.add(a);
        }
        return new KafkaPlan(List.copyOf(topics.values()), List.copyOf(access));
    }

    /** The services with a Kafka user, in the order the access table names them first. */
    public List<String> services() {
        return access.stream().map(Access::service).distinct().toList();
    }

    /** For one service: topic name to the modes it uses it in, topics sorted. */
    public Map<String, Set<Mode>> accessOf(String service) {
        Map<String, Set<Mode>> out = new LinkedHashMap<>();
        access.stream().filter(a -> a.service().equals(service))
                .sorted(Comparator.comparing(Access::topic))
                .forEach(a -> out.computeIfAbsent(a.topic(), t -> new TreeSet<>()).add(a.mode()));
        return out;
    }
}
