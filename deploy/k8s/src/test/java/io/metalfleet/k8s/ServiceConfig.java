package io.metalfleet.k8s;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What one service reads, taken from its own sources so that the manifests are checked against the code as it is
 * now: {@code src/main/resources/application.properties} and the {@code @ConfigMapping} interfaces under
 * {@code src/main/java}. From these come the keys the service needs set on Kubernetes: keys with no value in
 * production, values that point at the local stack (127.0.0.1, localhost) or are empty, {@code ${VAR}} without a
 * default.
 */
final class ServiceConfig {

    /** One key of a {@code @ConfigMapping}: its property name and its default, null when it has none. */
    record MappedKey(String property, String defaultValue, boolean optional) {
    }

    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)");
    private static final Pattern METHOD = Pattern.compile("^([\\w.]+(?:<[^;()]*>)?)\\s+(\\w+)\\(\\)\\s*;");
    private static final Pattern WITH_DEFAULT = Pattern.compile("@WithDefault\\(\"((?:[^\"\\\\]|\\\\.)*)\"\\)");
    private static final Pattern WITH_NAME = Pattern.compile("@WithName\\(\"([^\"]+)\"\\)");
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}:]+)(:[^}]*)?}");

    final String service;
    /** Keys of application.properties effective in the prod profile, with their values. */
    final Map<String, String> prodProperties = new TreeMap<>();
    /** Every key application.properties names, in any profile (without the profile prefix). */
    final Set<String> anyProfileKeys = new TreeSet<>();
    final List<MappedKey> mappedKeys = new ArrayList<>();

    private ServiceConfig(String service) {
        this.service = service;
    }

    static ServiceConfig of(String service) {
        ServiceConfig config = new ServiceConfig(service);
        Path module = Repo.ROOT.resolve(service);
        config.readProperties(module.resolve("src/main/resources/application.properties"));
        try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file, StandardCharsets.UTF_8);
                if (MAPPING.matcher(source).find()) {
                    config.mappedKeys.addAll(mappedKeys(source));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }

    private void readProperties(Path file) {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> prodOverrides = new HashMap<>();
        for (String key : props.stringPropertyNames()) {
            String value = props.getProperty(key).strip();
            if (key.startsWith("%")) {
                String plain = key.substring(key.indexOf('.') + 1);
                anyProfileKeys.add(plain);
                if (key.startsWith("%prod.")) {
                    prodOverrides.put(plain, value);
                }
            } else {
                anyProfileKeys.add(key);
                prodProperties.put(key, value);
            }
        }
        prodProperties.putAll(prodOverrides);
    }

    /** The SmallRye environment-variable form of a property name. */
    static String env(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** Properties the service cannot run with on Kubernetes unless the Deployment sets them. */
    Map<String, String> requiredOnKubernetes() {
        Map<String, String> required = new TreeMap<>();
        prodProperties.forEach((key, value) -> {
            if (key.contains("\"")) {
                return; // log categories and the like: never deployment settings
            }
            if (value.isEmpty()) {
                required.put(env(key), key + " is empty outside dev/test");
            } else if (pointsAtLocalStack(value)) {
                required.put(env(key), key + "=" + value + " points at the local stack");
            }
            Matcher m = EXPRESSION.matcher(value);
            while (m.find()) {
                if (m.group(2) == null) {
                    required.put(env(m.group(1)), key + " uses ${" + m.group(1) + "} without a default");
                }
            }
        });
        for (MappedKey key : mappedKeys) {
            String value = prodProperties.get(key.property());
            if (value == null && key.defaultValue() == null && !key.optional()) {
                required.put(env(key.property()), key.property() + " has no default and no production value");
            } else if (value == null && key.defaultValue() != null && pointsAtLocalStack(key.defaultValue())) {
                required.put(env(key.property()), key.property() + " defaults to the local stack: " + key.defaultValue());
            }
        }
        return required;
    }

    /** Environment variable names that reach a setting of this service (besides Kafka client settings). */
    Set<String> readableEnv() {
        Set<String> names = new TreeSet<>();
        anyProfileKeys.forEach(k -> names.add(env(k)));
        mappedKeys.forEach(k -> names.add(env(k.property())));
        prodProperties.values().forEach(v -> {
            Matcher m = EXPRESSION.matcher(v);
            while (m.find()) {
                names.add(env(m.group(1)));
            }
        });
        return names;
    }

    /** Topic names of the service's channels: outgoing (and dead-letter) ones produced, incoming ones consumed. */
    Map<String, Set<KafkaPlan.Mode>> topics() {
        Map<String, Set<KafkaPlan.Mode>> topics = new TreeMap<>();
        prodProperties.forEach((key, value) -> {
            if (key.matches("mp\\.messaging\\.outgoing\\.[^.]+\\.topic")
                    || key.matches("mp\\.messaging\\.incoming\\.[^.]+\\.dead-letter-queue\\.topic")) {
                topics.computeIfAbsent(value, t -> new TreeSet<>()).add(KafkaPlan.Mode.PRODUCE);
            } else if (key.matches("mp\\.messaging\\.incoming\\.[^.]+\\.topic")) {
                topics.computeIfAbsent(value, t -> new TreeSet<>()).add(KafkaPlan.Mode.CONSUME);
            }
        });
        return topics;
    }

    /** Consumer group ids of the service's incoming channels. */
    Set<String> groups() {
        Set<String> groups = new TreeSet<>();
        prodProperties.forEach((key, value) -> {
            if (key.matches("mp\\.messaging\\.incoming\\.[^.]+\\.group\\.id")) {
                groups.add(value);
            }
        });
        return groups;
    }

    private static boolean pointsAtLocalStack(String value) {
        return value.contains("127.0.0.1") || value.contains("localhost");
    }

    /**
     * The keys of a {@code @ConfigMapping} source: nested interfaces become name segments (kebab case, or their
     * {@code @WithName}), methods returning something else are leaves.
     */
    static List<MappedKey> mappedKeys(String source) {
        String code = source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)^\\s*//.*$", "");
        Matcher prefixMatch = MAPPING.matcher(code);
        prefixMatch.find();
        String prefix = prefixMatch.group(1);
        // Interface name -> its members (return type, property segment, default, optional).
        Map<String, List<String[]>> members = new LinkedHashMap<>();
        Deque<String> open = new ArrayDeque<>();
        Deque<Integer> openDepth = new ArrayDeque<>();
        int depth = 0;
        String root = null;
        List<String> annotations = new ArrayList<>();
        for (String raw : code.split("\n")) {
            String line = raw.strip();
            Matcher iface = INTERFACE.matcher(line);
            if (iface.find() && line.endsWith("{")) {
                open.push(iface.group(1));
                openDepth.push(depth);
                members.putIfAbsent(iface.group(1), new ArrayList<>());
                if (root == null) {
                    root = iface.group(1);
                }
            } else if (line.startsWith("@")) {
                annotations.add(line);
            } else if (!open.isEmpty()) {
                Matcher method = METHOD.matcher(line);
                if (method.find()) {
                    String joined = String.join(" ", annotations);
                    Matcher def = WITH_DEFAULT.matcher(joined);
                    Matcher name = WITH_NAME.matcher(joined);
                    members.get(open.peek()).add(new String[] {method.group(1),
                            name.find() ? name.group(1) : kebab(method.group(2)),
                            def.find() ? def.group(1).replace("\\\"", "\"") : null});
                    annotations.clear();
                } else if (!line.isEmpty()) {
                    annotations.clear();
                }
            }
            for (char c : line.toCharArray()) {
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    depth--;
                    if (!openDepth.isEmpty() && depth == openDepth.peek()) {
                        open.pop();
                        openDepth.pop();
                    }
                }
            }
        }
        List<MappedKey> keys = new ArrayList<>();
        expand(members, root, prefix, keys);
        return keys;
    }

    private static void expand(Map<String, List<String[]>> members, String iface, String prefix, List<MappedKey> out) {
        for (String[] m : members.get(iface)) {
            String type = m[0];
            String property = prefix + "." + m[1];
            if (members.containsKey(type)) {
                expand(members, type, property, out);
            } else {
                out.add(new MappedKey(property, m[2], type.startsWith("Optional")));
            }
        }
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
