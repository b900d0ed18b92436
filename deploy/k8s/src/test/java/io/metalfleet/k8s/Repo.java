package io.metalfleet.k8s;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout the tests read: manifests, tables and the services' own configuration sources. */
final class Repo {

    static final Path ROOT = locate();
    static final Path K8S = ROOT.resolve("deploy/k8s");

    /** The suite's services, each with its port on the local stack and in the cluster. */
    static final java.util.List<String> SERVICES = java.util.List.of("inventory-service", "provisioning-service",
            "identity-service", "cert-service");

    private Repo() {
    }

    private static Path locate() {
        String configured = System.getProperty("metalfleet.repo");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("deploy/local/routes.tsv")) && Files.isDirectory(p.resolve("deploy/k8s"))) {
                return p;
            }
        }
        throw new IllegalStateException("no Metalfleet checkout above " + start);
    }
}
