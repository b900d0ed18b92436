package io.metalfleet.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.metalfleet.local.stack.RouteTable;

/**
 * Writes the generated manifests of deploy/k8s (KafkaTopics, KafkaUsers, HTTPRoutes) from the suite's tables.
 * Run from the repository root: {@code java -cp deploy/k8s/target/classes:$(cat deploy/k8s/target/classpath.txt)
 * io.metalfleet.k8s.GenerateMain [repo-root]}. The module's tests fail when the committed files differ.
 */
public final class GenerateMain {

    public static final String TOPICS = "base/kafka/topics.yaml";
    public static final String USERS = "base/kafka/users.yaml";
    public static final String ROUTES = "base/gateway/httproutes.yaml";

    private GenerateMain() {
    }

    /** Relative path under deploy/k8s to the content it must hold. */
    public static Map<String, String> render(Path repoRoot) throws IOException {
        Path k8s = repoRoot.resolve("deploy/k8s");
        KafkaPlan kafka = KafkaPlan.load(k8s);
        RouteTable routes = RouteTable.load(repoRoot.resolve("deploy/local/routes.tsv"));
        Map<String, String> files = new LinkedHashMap<>();
        files.put(TOPICS, KafkaManifests.topics(kafka));
        files.put(USERS, KafkaManifests.users(kafka));
        files.put(ROUTES, GatewayManifests.httpRoutes(routes));
        return files;
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        for (Map.Entry<String, String> file : render(root).entrySet()) {
            Path target = root.resolve("deploy/k8s").resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
            System.out.println("wrote " + root.relativize(target));
        }
    }
}
