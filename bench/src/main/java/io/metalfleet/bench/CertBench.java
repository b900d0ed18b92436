package io.metalfleet.bench;

import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * ECDSA P-256 node certificates issued per second, end to end (DESIGN.md §5, target 1,000/s): each
 * certificate comes from a fresh node's CSR presented with its product identifier; cert-service
 * verifies the CSR, checks policy, signs, stores the certificate and writes its certificate.issued
 * event in the same transaction, and answers 201. Keys and CSRs are made before the clock starts
 * (that is the nodes' work, not the service's). Every certificate must come back, or the run fails.
 *
 * <p>Three lines: {@code cert.node_certificates_per_s} through batch registration (seed 001's
 * theme: {@code --batch-size} CSRs per request), {@code cert.node_certificates_single_per_s} with one
 * CSR per request, and {@code cert.signing_path_per_s}: the signing path alone in this JVM (CSR
 * parse + verify + X.509 sign with BouncyCastle, no HTTP, no database), for comparison.
 *
 * <p>Options: {@code --env FILE} (.metalfleet/stack.env), {@code --url URL} (cert-service or the
 * gateway; default METALFLEET_CERT_URL, else METALFLEET_GATEWAY), {@code --count N} (10000),
 * {@code --warmup N} (3000), {@code --concurrency N} (32), {@code --batch-size N} (100),
 * {@code --batch-concurrency N} (4).
 */
public final class CertBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Path envFile = Path.of(".metalfleet/stack.env");
        String url = null;
        int count = 10_000;
        int warmup = 3_000;
        int concurrency = 32;
        int batchSize = 100;
        int batchConcurrency = 4;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--env" -> envFile = Path.of(args[++i]);
                case "--url" -> url = args[++i];
                case "--count" -> count = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--batch-size" -> batchSize = Integer.parseInt(args[++i]);
                case "--batch-concurrency" -> batchConcurrency = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        StackEnv env = StackEnv.read(envFile);
        if (url == null) {
            url = env.get("METALFLEET_CERT_URL").or(() -> env.get("METALFLEET_GATEWAY"))
                    .orElseThrow(() -> new IllegalStateException("neither METALFLEET_CERT_URL nor METALFLEET_GATEWAY is set"));
        }
        url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        ExecutorService executor = Executors.newFixedThreadPool(2);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(executor).build();
        Report report = new Report(System.out);
        report.machine("cert-service " + url);
        try {
            String project = "certbench" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            String identifier = product(http, url, env.require("METALFLEET_TOKEN"), project);
            report.comment("making " + 2 * (warmup + count) + " P-256 keys and CSRs (client side, before the clock)");
            List<String> csrs = csrs(2 * (warmup + count));
            String target = url + "/v2/" + project + "/productmgr/nodes/certificates";

            List<String> batches = new ArrayList<>();
            for (int from = 0; from < warmup + count; from += batchSize) {
                batches.add(batchBody(identifier, csrs.subList(from, Math.min(warmup + count, from + batchSize))));
            }
            int warmupBatches = warmup / batchSize;
            int measured = batches.size() - warmupBatches;
            report.comment("batch registration: " + warmupBatches + " warm-up + " + measured + " requests of " + batchSize
                    + " CSRs, " + batchConcurrency + " in flight, project " + project);
            run(http, target + "/batch", batches.subList(0, warmupBatches), batchConcurrency, null, batchSize);
            long started = System.nanoTime();
            run(http, target + "/batch", batches.subList(warmupBatches, batches.size()), batchConcurrency, null, batchSize);
            double seconds = (System.nanoTime() - started) / 1e9;
            int certificates = (warmup + count) - warmupBatches * batchSize;
            report.line("cert.node_certificates_per_s", certificates / seconds, "certs/s", ">=1000");

            List<String> singles = csrs.subList(warmup + count, 2 * (warmup + count)).stream()
                    .map(csr -> singleBody(identifier, csr)).toList();
            report.comment("one CSR per request: " + warmup + " warm-up + " + count + " measured, " + concurrency + " in flight");
            run(http, target, singles.subList(0, warmup), concurrency, null, 1);
            Histogram latency = new ConcurrentHistogram(60_000_000L, 3);
            started = System.nanoTime();
            run(http, target, singles.subList(warmup, warmup + count), concurrency, latency, 1);
            seconds = (System.nanoTime() - started) / 1e9;
            report.line("cert.node_certificates_single_per_s", count / seconds, "certs/s", Report.NO_TARGET);
            report.line("cert.node_certificate_single_p50", latency.getValueAtPercentile(50) / 1000.0, "ms", Report.NO_TARGET);
            report.line("cert.node_certificate_single_p99", latency.getValueAtPercentile(99) / 1000.0, "ms", Report.NO_TARGET);

            report.comment("the signing path alone, in this JVM on every core (no HTTP, no database, no event)");
            report.line("cert.signing_path_per_s", SigningPath.perSecond(csrs.subList(0, Math.min(csrs.size(), 8000))), "certs/s",
                    Report.NO_TARGET);
        } catch (IllegalStateException e) {
            System.err.println("ERROR: " + e.getMessage());
            System.exit(1);
        } finally {
            executor.shutdownNow();
        }
    }

    private static String product(HttpClient http, String url, String token, String project) throws Exception {
        String body = "{\"product\":{\"name\":\"bench\",\"description\":\"CertBench\",\"attributes\":{},\"tags\":[]}}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/v2/" + project + "/productmgr/products"))
                .header("Content-Type", "application/json").header("X-Auth-Token", token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("creating the product answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body()).path("product").path("identifier").asText();
    }

    private static List<String> csrs(int n) {
        return IntStream.range(0, n).parallel().mapToObj(i -> {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", SigningPath.BC);
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                KeyPair keys = generator.generateKeyPair();
                byte[] der = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=bench-node-" + i), keys.getPublic())
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(SigningPath.BC).build(keys.getPrivate()))
                        .getEncoded();
                StringWriter pem = new StringWriter();
                try (PemWriter writer = new PemWriter(pem)) {
                    writer.writeObject(new PemObject("CERTIFICATE REQUEST", der));
                }
                return pem.toString();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static String singleBody(String identifier, String csr) {
        ObjectNode body = JSON.createObjectNode();
        body.put("identifier", identifier);
        body.put("csr", csr);
        return body.toString();
    }

    private static String batchBody(String identifier, List<String> csrs) {
        ObjectNode body = JSON.createObjectNode();
        body.put("identifier", identifier);
        ArrayNode array = body.putArray("csrs");
        csrs.forEach(array::add);
        return body.toString();
    }

    /** Sends every body with at most {@code concurrency} in flight; fails on the first answer that is not a 201. */
    private static void run(HttpClient http, String target, List<String> bodies, int concurrency, Histogram latency, int perBody)
            throws Exception {
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicReference<String> failure = new AtomicReference<>();
        AtomicInteger issued = new AtomicInteger();
        List<CompletableFuture<?>> all = new ArrayList<>(bodies.size());
        for (String body : bodies) {
            inFlight.acquire();
            if (failure.get() != null) {
                break;
            }
            long sent = System.nanoTime();
            all.add(http.sendAsync(HttpRequest.newBuilder(URI.create(target)).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                        inFlight.release();
                        if (error != null) {
                            failure.compareAndSet(null, error.toString());
                        } else if (response.statusCode() != 201 || countOf(response.body(), "BEGIN CERTIFICATE-") < perBody) {
                            failure.compareAndSet(null, response.statusCode() + " " + response.body());
                        } else {
                            issued.addAndGet(perBody);
                            if (latency != null) {
                                latency.recordValue((System.nanoTime() - sent) / 1_000);
                            }
                        }
                    }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        if (failure.get() != null) {
            throw new IllegalStateException("a certificate request failed: " + failure.get());
        }
        if (issued.get() != bodies.size() * perBody) {
            throw new IllegalStateException("only " + issued.get() + " of " + bodies.size() * perBody + " certificates issued");
        }
    }

    /** Certificates in an answer (node certificates, not counting the CA bundle's one per generation beyond perBody). */
    private static int countOf(String text, String needle) {
        int n = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            n++;
        }
        return n;
    }

}
