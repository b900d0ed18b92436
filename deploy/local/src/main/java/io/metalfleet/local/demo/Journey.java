package io.metalfleet.local.demo;

import static io.metalfleet.local.demo.GatewayClient.expect;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;

import io.metalfleet.local.demo.GatewayClient.Auth;
import io.metalfleet.local.demo.GatewayClient.Form;

/**
 * The operator's journey, step by step, through the gateway only: a provider registers (seed 004),
 * the simulated fleet is enrolled (seed 000) and inspected, a node-registration product is created
 * (seed 001), servers are built from a catalog (seed 002), and two of them join the provider's
 * cluster as a node pool (seed 003) with their certificates issued.
 *
 * <p>Names are unique per run; the fleet's project is fixed, so a second run reuses the servers the
 * first one enrolled (a BMC belongs to one project) and builds on machines still free.
 */
public final class Journey {

    /** Everything a run needs to know; the defaults are DemoMain's options. */
    public record Settings(String adminToken, List<SimulatedFleet.Bmc> fleet, String region, String project, int servers,
            int nodes, Duration pollInterval, Duration inspectionTimeout, Duration buildTimeout, Duration jobTimeout,
            IssuedCertificates events) {
    }

    /** Where the demo reads cert-service's certificate.issued events for a job: the broker, as any subscriber. */
    @FunctionalInterface
    public interface IssuedCertificates {
        /** The payloads of certificate.issued events carrying {@code jobId}, waiting up to {@code timeout} for {@code count}. */
        List<JsonNode> issuedFor(String jobId, int count, Duration timeout);
    }

    /** One step: a name and the work, which returns the line that says what it achieved. */
    public record Step(String name, StepWork work) {
    }

    @FunctionalInterface
    public interface StepWork {
        String run();
    }

    private static final List<String> USABLE_STATES = List.of("available", "provisioning", "provisioned");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final GatewayClient api;
    private final Settings settings;
    private final Progress progress;
    private final String run = newRunId();

    // What earlier steps found, for later ones.
    private String providerId;
    private String clusterId;
    private String operatorToken;
    private final Map<String, String> fleetIdsByBmc = new LinkedHashMap<>();
    private String productId;
    private final Map<String, String> catalogRefs = new LinkedHashMap<>();
    private final List<String> computeServerIds = new ArrayList<>();
    private final Map<String, String> hostByComputeServer = new LinkedHashMap<>();
    private String nodePoolId;
    private String jobId;

    public Journey(GatewayClient api, Settings settings, Progress progress) {
        this.api = api;
        this.settings = settings;
        this.progress = progress;
    }

    public String runId() {
        return run;
    }

    public List<Step> steps() {
        return List.of(
                new Step("identity: register a provider with a registration token (seed 004)", this::registerProvider),
                new Step("identity: an operator for project " + settings.project(), this::createOperator),
                new Step("inventory: enroll the " + settings.fleet().size() + " simulated servers (seed 000)", this::enroll),
                new Step("provisioning: inspect them over Redfish until available", this::awaitInspection),
                new Step("cert: create a node-registration product (seed 001)", this::createProduct),
                new Step("compute: catalog entries: flavor, image, security group (admin)", this::createCatalog),
                new Step("compute: create " + settings.servers() + " servers, BUILD -> ACTIVE (seed 002)", this::buildServers),
                new Step("nodepools: create a node pool in the provider's cluster, add " + settings.nodes() + " servers (seed 003)",
                        this::addNodes),
                new Step("jobs: the job succeeds, every node's certificate issued", this::awaitJob));
    }

    // --- identity -------------------------------------------------------------------------------------

    private String registerProvider() {
        ApiResponse issued = api.post("/api/v3/onezone/user/clusters/provider_registration_token", settings.adminToken(), "{}");
        if (issued.status() == 401) {
            throw new StepFailedException("the admin token was refused (expired? it lasts 12 h): ./metalfleet up prints a fresh one",
                    issued);
        }
        expect(issued, "issue a provider registration token", 200);
        String name = "demo " + run;
        Map<String, Object> registration = new LinkedHashMap<>();
        registration.put("token", issued.json().path("token").asText());
        registration.put("name", name);
        registration.put("adminEmail", "operator@" + run + ".metalfleet.local");
        registration.put("subdomainDelegation", false);
        registration.put("domain", run + ".metalfleet.local");
        registration.put("latitude", 50.0647);
        registration.put("longitude", 19.945);
        // Public endpoint: the registration token is the credential.
        ApiResponse registered = expect(api.post("/api/v3/onezone/providers", null, registration), "register the provider", 200);
        providerId = registered.json().path("providerId").asText();
        String rootToken = registered.json().path("providerRootToken").asText();
        // The provider signs in with its own identity and sees the cluster made for it.
        String providerToken = token(Map.of("grant_type", "client_credentials", "client_id", providerId, "client_secret", rootToken),
                "the provider's client_credentials grant");
        ApiResponse cluster = expect(api.get("/api/v3/onezone/clusters/" + providerId, providerToken),
                "read the provider's cluster with the provider's own token", 200);
        clusterId = cluster.json().path("clusterId").asText(providerId);
        return "provider '" + name + "' " + providerId + ", cluster " + clusterId + " (" + cluster.json().path("type").asText()
                + "), read back with the provider's own token";
    }

    private String createOperator() {
        String username = "demo-operator-" + run;
        String password = randomSecret();
        Map<String, Object> user = Map.of("username", username, "password", password, "roles", List.of("operator"),
                "projects", List.of(settings.project()));
        ApiResponse created = expect(api.post("/api/v3/onezone/users", settings.adminToken(), user), "create the operator user", 201);
        operatorToken = token(Map.of("grant_type", "password", "username", username, "password", password),
                "the operator's password grant");
        return "user " + username + " (" + created.json().path("userId").asText() + "), role operator in " + settings.project()
                + "; signed in with the password grant";
    }

    private String token(Map<String, String> form, String what) {
        ApiResponse answer = expect(api.send("POST", "/oauth2/token", null, Auth.BEARER, new Form(form)), what, 200);
        String token = answer.json().path("access_token").asText(null);
        if (token == null) {
            throw new StepFailedException(what + ": no access_token in the answer", answer);
        }
        return token;
    }

    // --- inventory and inspection ---------------------------------------------------------------------

    private String enroll() {
        List<Map<String, Object>> items = new ArrayList<>();
        for (SimulatedFleet.Bmc bmc : settings.fleet()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("bmcAddress", bmc.url());
            item.put("displayName", "sim-" + bmc.index());
            item.put("description", "simulated " + bmc.vendor() + " BMC");
            item.put("persona", "compute");
            item.put("tags", Map.of("fleet", "simulator", "rack", "r" + (bmc.index() / 10 + 1)));
            item.put("bmcCredentials", Map.of("username", bmc.username(), "password", bmc.password()));
            items.add(item);
        }
        ApiResponse answer = expect(api.post(inventoryPath() + "/servers:batchCreate", operatorToken, Map.of("servers", items)),
                "batchCreate", 200);
        int enrolledNow = 0;
        for (JsonNode server : answer.json().path("succeeded")) {
            fleetIdsByBmc.put(server.path("bmcAddress").asText(), server.path("id").asText());
            enrolledNow++;
        }
        int already = 0;
        for (JsonNode failure : answer.json().path("failed")) {
            int code = failure.path("error").path("error").path("code").asInt();
            if (code != 409) {
                throw new StepFailedException("item " + failure.path("index").asInt() + " of the batch failed with " + code, answer);
            }
            already++;
        }
        if (already > 0) {
            // Enrolled by an earlier run: a BMC belongs to one project, so the demo reuses those servers.
            for (JsonNode server : listFleet()) {
                fleetIdsByBmc.putIfAbsent(server.path("bmcAddress").asText(), server.path("id").asText());
            }
        }
        List<String> missing = settings.fleet().stream().map(SimulatedFleet.Bmc::url).filter(url -> !fleetIdsByBmc.containsKey(url))
                .toList();
        if (!missing.isEmpty()) {
            throw new StepFailedException("no server of " + settings.project() + " holds the BMCs " + missing);
        }
        return settings.fleet().size() + " servers in " + settings.project() + ": " + enrolledNow + " enrolled now, " + already
                + " already enrolled by an earlier run (reused); e.g. " + fleetIdsByBmc.values().iterator().next();
    }

    private String awaitInspection() {
        Map<String, JsonNode> ours = new TreeMap<>();
        waitFor(settings.inspectionTimeout(), "every server available", () -> {
            ours.clear();
            for (JsonNode server : listFleet()) {
                if (fleetIdsByBmc.containsValue(server.path("id").asText())) {
                    ours.put(server.path("id").asText(), server);
                }
            }
            Map<String, Long> byState = ours.values().stream()
                    .collect(Collectors.groupingBy(server -> server.path("provisioningState").asText(), TreeMap::new, Collectors.counting()));
            for (JsonNode server : ours.values()) {
                if ("error".equals(server.path("provisioningState").asText())) {
                    throw new StepFailedException(server.path("id").asText() + " (" + server.path("bmcAddress").asText()
                            + ") failed inspection: " + server.path("healthStatus").path("failureReasons"));
                }
            }
            long usable = ours.values().stream().filter(server -> USABLE_STATES.contains(server.path("provisioningState").asText())).count();
            progress.update(Progress.bar((int) usable, fleetIdsByBmc.size()) + " inspected  " + counts(byState));
            return usable == fleetIdsByBmc.size();
        });
        long free = ours.values().stream().filter(server -> "available".equals(server.path("provisioningState").asText())).count();
        JsonNode sample = ours.values().iterator().next();
        JsonNode hardware = sample.path("hardwareSpecs");
        return ours.size() + " inspected, " + free + " free (available), " + (ours.size() - free) + " held by earlier runs; e.g. "
                + sample.path("id").asText() + ": " + hardware.path("cpu").path("cores").asText("?") + " cores "
                + hardware.path("cpu").path("model").asText("") + ", " + hardware.path("ram").path("totalGiB").asText("?") + " GiB, "
                + hardware.path("gpu").path("count").asText("0") + " GPU";
    }

    private List<JsonNode> listFleet() {
        List<JsonNode> servers = new ArrayList<>();
        String pageToken = "";
        do {
            ApiResponse page = expect(api.get(inventoryPath() + "/servers?pageSize=1000"
                    + (pageToken.isEmpty() ? "" : "&pageToken=" + pageToken), operatorToken), "list the project's servers", 200);
            page.json().path("servers").forEach(servers::add);
            pageToken = page.json().path("nextPageToken").asText("");
        } while (!pageToken.isEmpty());
        return servers;
    }

    private String inventoryPath() {
        return "/v1/regions/" + settings.region() + "/projects/" + settings.project() + "/infrastructure";
    }

    // --- cert -----------------------------------------------------------------------------------------

    private String createProduct() {
        String name = "demo-" + run;
        Map<String, Object> product = Map.of("product", Map.of("name", name, "description", "nodes of the demo's node pool",
                "attributes", Map.of("cluster", Map.of("value", clusterId, "metadata", Map.of("type", "string"))),
                "tags", List.of(Map.of("key", "journey", "value", run))));
        ApiResponse created = expect(api.send("POST", "/v2/" + settings.project() + "/productmgr/products", operatorToken,
                Auth.X_AUTH_TOKEN, product), "create the product", 201);
        JsonNode body = created.json().path("product");
        productId = body.path("id").asText();
        X509Certificate certificate = certificates(body.path("certificate").asText(), "product.certificate", created).get(0);
        List<X509Certificate> cas = certificates(body.path("ca").asText(), "product.ca", created);
        if (cas.stream().noneMatch(ca -> signedBy(certificate, ca))) {
            throw new StepFailedException("the product certificate is not signed by the CA returned with it", created);
        }
        String packaged = packageContents(body.path("package").asText(), created);
        for (String file : List.of(name + "/product.crt", name + "/product.key", name + "/ca.crt")) {
            if (!packaged.contains(file)) {
                throw new StepFailedException("the product package holds no " + file, created);
            }
        }
        if (body.path("private_key").asText("").isEmpty() || body.path("identifier").asText("").isEmpty()) {
            throw new StepFailedException("the product came without its private key or identifier", created);
        }
        return "product " + productId + " '" + name + "': " + certificate.getSubjectX500Principal().getName()
                + ", signed by the project CA; package = product.crt, product.key, ca.crt";
    }

    static List<X509Certificate> certificates(String pem, String what, ApiResponse from) {
        try {
            Collection<? extends java.security.cert.Certificate> parsed = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            List<X509Certificate> certificates = parsed.stream().map(X509Certificate.class::cast).toList();
            if (certificates.isEmpty()) {
                throw new StepFailedException(what + " holds no certificate", from);
            }
            return certificates;
        } catch (GeneralSecurityException e) {
            throw new StepFailedException(what + " is not a PEM certificate (" + e.getMessage() + ")", from);
        }
    }

    static boolean signedBy(X509Certificate certificate, X509Certificate ca) {
        try {
            certificate.verify(ca.getPublicKey());
            return certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The tar.gz's bytes as text: enough to see the file names in its headers. */
    private static String packageContents(String base64, ApiResponse from) {
        try (InputStream tar = new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(base64)))) {
            return new String(tar.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException | IllegalArgumentException e) {
            throw new StepFailedException("the product package is not base64 of a gzip stream (" + e.getMessage() + ")", from);
        }
    }

    // --- compute (seed 002) ---------------------------------------------------------------------------

    private String createCatalog() {
        String name = "demo-" + run;
        // A flavor every simulated machine satisfies: the point is the journey, not the matching.
        catalogRefs.put("flavorRef", createCatalogItem("flavors", "flavor",
                Map.of("flavor", Map.of("name", name, "cpuCores", 1, "ramGiB", 1, "gpuCount", 0))));
        catalogRefs.put("imageRef", createCatalogItem("images", "image",
                Map.of("image", Map.of("name", name + " (PXE)", "bootMethod", "Pxe"))));
        catalogRefs.put("securityGroupRef", createCatalogItem("os-security-groups", "security_group",
                Map.of("security_group", Map.of("name", name, "description", "the demo's nodes"))));
        return catalogRefs.entrySet().stream().map(entry -> entry.getKey() + " " + pathOf(entry.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** Creates one catalog item as the admin and answers its self link (the ref servers are created with). */
    private String createCatalogItem(String collection, String field, Object body) {
        ApiResponse created = expect(api.post(accountPath() + "/" + collection, settings.adminToken(), body),
                "create the " + field.replace('_', ' '), 201);
        String self = selfLink(created.json().path(field));
        if (self == null) {
            throw new StepFailedException("the created " + field + " has no self link", created);
        }
        return self;
    }

    private String buildServers() {
        Map<String, Instant> createdAt = new LinkedHashMap<>();
        for (int i = 1; i <= settings.servers(); i++) {
            Map<String, Object> server = new LinkedHashMap<>();
            server.put("name", "demo-" + run + "-" + i);
            server.putAll(catalogRefs);
            server.put("zone", settings.region());
            // The last one through seed 002's alternative URI: the account is the operator token's one project.
            String path = i == settings.servers() && i > 1 ? "/servers" : accountPath() + "/servers";
            ApiResponse accepted = api.post(path, operatorToken, Map.of("server", server));
            if (accepted.status() == 409 || accepted.status() == 503) {
                throw new StepFailedException("no free machine for server " + i + " of " + settings.servers()
                        + " (earlier runs hold them: free some with DELETE " + accountPath() + "/servers/{id}, or start from a fresh stack)",
                        accepted);
            }
            expect(accepted, "create server " + i, 202);
            JsonNode body = accepted.json().path("server");
            String location = accepted.headers().firstValue("Location").orElse(null);
            if (location == null || !"BUILD".equals(body.path("status").asText()) || body.path("adminPass").asText("").isEmpty()) {
                throw new StepFailedException("server " + i + ": expected a Location header, status BUILD and a generated adminPass",
                        accepted);
            }
            computeServerIds.add(body.path("id").asText());
            createdAt.put(body.path("id").asText(), Instant.now());
        }
        Map<String, String> status = new LinkedHashMap<>();
        Map<String, Duration> tookToActive = new LinkedHashMap<>();
        waitFor(settings.buildTimeout(), "every server ACTIVE", () -> {
            for (String id : computeServerIds) {
                if ("ACTIVE".equals(status.get(id))) {
                    continue;
                }
                ApiResponse read = expect(api.get(accountPath() + "/servers/" + id, operatorToken), "read server " + id, 200);
                JsonNode server = read.json().path("server");
                String now = server.path("status").asText();
                if (!List.of("BUILD", "ACTIVE").contains(now)) {
                    throw new StepFailedException("server " + id + " left BUILD as " + now, read);
                }
                status.put(id, now + " " + server.path("progress").asInt() + "%");
                if ("ACTIVE".equals(now)) {
                    status.put(id, "ACTIVE");
                    hostByComputeServer.put(id, server.path("hostId").asText());
                    tookToActive.put(id, Duration.between(createdAt.get(id), Instant.now()));
                }
            }
            Map<String, Long> byStatus = status.values().stream()
                    .collect(Collectors.groupingBy(value -> value, TreeMap::new, Collectors.counting()));
            progress.update(Progress.bar(tookToActive.size(), computeServerIds.size()) + " ACTIVE  " + counts(byStatus));
            return tookToActive.size() == computeServerIds.size();
        });
        return computeServerIds.stream().map(id -> id + " on " + hostByComputeServer.get(id) + " ACTIVE after "
                + Progress.seconds(tookToActive.get(id))).collect(Collectors.joining(", "));
    }

    private String accountPath() {
        return "/accounts/" + settings.project() + "/flexcloud";
    }

    // --- node pools and jobs (seed 003) ---------------------------------------------------------------

    private String addNodes() {
        String poolsPath = "/api/v3/projects/" + settings.project() + "/clusters/" + clusterId + "/nodepools";
        Map<String, Object> pool = Map.of("kind", "NodePool", "apiVersion", "v3", "metadata", Map.of("name", "demo-" + run),
                "spec", Map.of("type", "pm", "initialNodeCount", 0));
        ApiResponse created = expect(api.post(poolsPath, operatorToken, pool), "create the node pool", 201);
        nodePoolId = created.json().path("metadata").path("uid").asText();
        List<Map<String, String>> nodeList = computeServerIds.subList(0, settings.nodes()).stream()
                .map(id -> Map.of("serverID", id)).toList();
        // Seed 003's own header for the token.
        ApiResponse added = expect(api.send("POST", poolsPath + "/" + nodePoolId + "/nodes/add", operatorToken, Auth.X_AUTH_TOKEN,
                Map.of("kind", "List", "apiVersion", "v3", "nodeList", nodeList)), "add the servers to the node pool", 200);
        jobId = added.json().path("jobid").asText(null);
        if (jobId == null) {
            throw new StepFailedException("nodes/add answered no jobid", added);
        }
        return "node pool " + nodePoolId + " 'demo-" + run + "' in cluster " + clusterId + "; nodes/add of "
                + nodeList.stream().map(node -> node.get("serverID")).collect(Collectors.joining(", ")) + " -> job " + jobId;
    }

    private String awaitJob() {
        String jobPath = "/api/v3/projects/" + settings.project() + "/jobs/" + jobId;
        JsonNode[] job = new JsonNode[1];
        Instant started = Instant.now();
        waitFor(settings.jobTimeout(), "the job to finish", () -> {
            ApiResponse read = expect(api.get(jobPath, operatorToken), "read the job", 200);
            job[0] = read.json();
            String phase = job[0].path("status").path("phase").asText();
            Map<String, Long> byPhase = new TreeMap<>();
            int succeeded = 0;
            for (JsonNode subJob : job[0].path("spec").path("subJobs")) {
                String nodePhase = subJob.path("status").path("phase").asText();
                byPhase.merge(nodePhase, 1L, Long::sum);
                succeeded += "Success".equals(nodePhase) ? 1 : 0;
            }
            progress.update(Progress.bar(succeeded, settings.nodes()) + " nodes joined  job " + phase + "  " + counts(byPhase));
            if ("Failed".equals(phase)) {
                throw new StepFailedException("the job failed: " + job[0].path("status").path("reason").asText() + "; sub-jobs: "
                        + job[0].path("spec").path("subJobs"), read);
            }
            return "Success".equals(phase);
        });
        Duration took = Duration.between(started, Instant.now());
        return "job " + jobId + " Success after " + Progress.seconds(took) + "; " + verifyNodeCertificates();
    }

    /**
     * The certificates the nodes got: found as a subscriber finds them (cert-service's certificate.issued
     * events carry the job id), then checked through the gateway: known to cert-service, valid, and
     * signed by the cluster's CA.
     */
    private String verifyNodeCertificates() {
        List<JsonNode> issued = settings.events().issuedFor(jobId, settings.nodes(), settings.jobTimeout());
        if (issued.size() < settings.nodes()) {
            throw new StepFailedException("only " + issued.size() + " of " + settings.nodes()
                    + " certificate.issued events for job " + jobId + " on cert.certificates");
        }
        ApiResponse bundle = expect(api.get("/v2/" + settings.project() + "/ca/clusters/" + clusterId, operatorToken),
                "read the cluster's CA", 200);
        List<X509Certificate> clusterCas = certificates(bundle.body(), "the cluster CA bundle", bundle);
        List<String> checked = new ArrayList<>();
        for (JsonNode event : issued) {
            String serial = event.path("serial").asText();
            ApiResponse known = expect(api.get("/v2/" + settings.project() + "/ca/certificates/" + serial, operatorToken),
                    "read certificate " + serial, 200);
            String pem = known.json().path("certificate").asText(event.path("certificate").asText());
            X509Certificate certificate = certificates(pem, "certificate " + serial, known).get(0);
            if (clusterCas.stream().noneMatch(ca -> signedBy(certificate, ca))) {
                throw new StepFailedException("certificate " + serial + " of " + event.path("serverId").asText()
                        + " is not signed by cluster " + clusterId + "'s CA", known);
            }
            String status = known.json().path("status").asText("?");
            if (!"valid".equals(status)) {
                throw new StepFailedException("certificate " + serial + " is " + status, known);
            }
            checked.add(event.path("serverId").asText() + " " + certificate.getSubjectX500Principal().getName() + " serial " + serial
                    + " (" + status + ")");
        }
        return "certificates signed by the cluster CA: " + String.join(", ", checked);
    }

    private static String selfLink(JsonNode item) {
        for (JsonNode link : item.path("links")) {
            if ("self".equals(link.path("rel").asText())) {
                return link.path("href").asText();
            }
        }
        return null;
    }

    /** The path of an absolute link (the services write their own host into links; the demo goes through the gateway). */
    private static String pathOf(String link) {
        return java.net.URI.create(link).getRawPath();
    }

    // --- helpers --------------------------------------------------------------------------------------

    /** Polls {@code done} every poll interval until it holds; fails the step with {@code what} at the deadline. */
    private void waitFor(Duration timeout, String what, BooleanSupplier done) {
        Instant deadline = Instant.now().plus(timeout);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new StepFailedException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(settings.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StepFailedException("interrupted while waiting for " + what);
            }
        }
    }

    private static String counts(Map<String, Long> byState) {
        return byState.entrySet().stream().map(entry -> entry.getValue() + " " + entry.getKey()).collect(Collectors.joining(" · "));
    }

    private static String newRunId() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder id = new StringBuilder("r");
        for (int i = 0; i < 6; i++) {
            id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return id.toString().toLowerCase(Locale.ROOT);
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
