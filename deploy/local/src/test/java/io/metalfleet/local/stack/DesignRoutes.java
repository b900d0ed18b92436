package io.metalfleet.local.stack;

import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

/** The paths of DESIGN.md §2 with the service each must reach, and paths no service owns. */
final class DesignRoutes {

    static final Path ROUTES_FILE = Path.of("routes.tsv");

    private DesignRoutes() {
    }

    static Stream<Arguments> routedPaths() {
        return Stream.of(
                Arguments.of("/v1/regions/us-texas-1/projects/p1/infrastructure/servers:batchPower", "provisioning-service"),
                Arguments.of("/v1/regions/us-texas-1/projects/p1/infrastructure/servers:batchCreate", "inventory-service"),
                Arguments.of("/v1/regions/us-texas-1/projects/p1/infrastructure/servers", "inventory-service"),
                Arguments.of("/v1/regions/us-texas-1/projects/p1/infrastructure/servers/server-abc123", "inventory-service"),
                Arguments.of("/v1/regions/us-texas-1/projects/p1/infrastructure/operations", "provisioning-service"),
                Arguments.of("/v1/regions/us-texas-1/projects/p1/infrastructure/operations/op-42", "provisioning-service"),
                Arguments.of("/accounts/acc-1/flexcloud/servers", "provisioning-service"),
                Arguments.of("/accounts/acc-1/flexcloud/servers/s-1", "provisioning-service"),
                Arguments.of("/servers", "provisioning-service"),
                Arguments.of("/servers/s-1", "provisioning-service"),
                Arguments.of("/api/v3/projects/p1/clusters/c1/nodepools", "provisioning-service"),
                Arguments.of("/api/v3/projects/p1/clusters/c1/nodepools/np1/nodes/add", "provisioning-service"),
                Arguments.of("/api/v3/projects/p1/jobs/job-1", "provisioning-service"),
                Arguments.of("/api/v3/onezone/providers", "identity-service"),
                Arguments.of("/.well-known/jwks.json", "identity-service"),
                Arguments.of("/oauth2/token", "identity-service"),
                Arguments.of("/v2/p1/productmgr/products", "cert-service"),
                Arguments.of("/v2/p1/ca", "cert-service"),
                Arguments.of("/v2/p1/ca/crl", "cert-service"));
    }

    static Stream<String> unroutedPaths() {
        return Stream.of(
                "/",
                "/v1/regions/us-texas-1/projects/p1/infrastructure/networks",
                "/v1/regions/us-texas-1/projects/p1/servers",
                // one segment per '*': a path with an extra segment is not a project path
                "/v1/regions/us/texas/projects/p1/infrastructure/servers",
                "/api/v3/projects/p1/clusters/c1",
                "/api/v3/onezone",
                "/v2/p1/other",
                "/q/health/ready");
    }
}
