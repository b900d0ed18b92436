package io.metalfleet.local.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** The suite's topics with their partition counts, read from {@code metalfleet-topics.properties}. */
public final class Topics {

    private static final String RESOURCE = "/metalfleet-topics.properties";

    private Topics() {
    }

    public static Map<String, Integer> partitionsByTopic() {
        Properties props = new Properties();
        try (InputStream in = Topics.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Integer> topics = new TreeMap<>();
        props.forEach((name, partitions) -> topics.put((String) name, Integer.parseInt(((String) partitions).trim())));
        return topics;
    }
}
