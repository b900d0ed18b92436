package io.metalfleet.simulator.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop Redfish load over real sockets: {@code concurrency} requests always in flight, each next
 * request going to the next BMC in turn, so every BMC of the fleet is hit and keeps its own keep-alive
 * connection (one per BMC, as a per-host pool of 1). One Vert.x event loop: the generator uses one core.
 */
public final class LoadGenerator {

    /** Latencies in 10 µs buckets up to 10 s. */
    private static final int BUCKETS = 1_000_000;

    private final String[] hosts;
    private final int[] ports;
    private final String[] paths;
    private final String[] systemPaths;
    private final int concurrency;
    private final String authorization;
    private final int[] histogram = new int[BUCKETS];
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile boolean recording;
    private volatile boolean stopping;
    private final int batch;
    private long[] workerSeq;

    /**
     * BMC i is {@code hosts[i]:ports[i]} (a port per BMC on one address, or an address per BMC on one port);
     * {@code paths} may contain "SYSTEM", meaning {@code systemPaths[i]} of BMC i.
     */
    public LoadGenerator(String[] hosts, int[] ports, String[] systemPaths, String[] paths, int concurrency, int batch,
                         String user, String password) {
        this.batch = Math.max(1, batch);
        this.workerSeq = new long[concurrency];
        this.hosts = hosts;
        this.ports = ports;
        this.systemPaths = systemPaths;
        this.paths = paths;
        this.concurrency = concurrency;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Runs warm-up then the measured window; returns the result of the window only. */
    public Result run(long warmupMs, long durationMs, Runnable windowStart, Runnable windowEnd)
            throws InterruptedException {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                        .setConnectTimeout(10_000).setIdleTimeout(0),
                new PoolOptions().setHttp1MaxSize(1).setMaxWaitQueueSize(-1));
        CountDownLatch drained = new CountDownLatch(concurrency);
        vertx.runOnContext(v -> {
            for (int i = 0; i < concurrency; i++) {
                fire(client, drained, i);
            }
        });
        Thread.sleep(warmupMs);
        long okBefore = ok.get();
        long errBefore = errors.get();
        windowStart.run();
        recording = true;
        long t0 = System.nanoTime();
        Thread.sleep(durationMs);
        recording = false;
        long elapsedNs = System.nanoTime() - t0;
        windowEnd.run();
        long count = ok.get() - okBefore;
        long errs = errors.get() - errBefore;
        stopping = true;
        drained.await(30, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().join();
        return new Result(count, errs, elapsedNs, percentileMs(0.50), percentileMs(0.99), percentileMs(0.999));
    }

    /**
     * Worker w sends {@code batch} requests to one BMC over one keep-alive connection, the last with
     * "Connection: close", then moves on by {@code concurrency} BMCs: every BMC is visited, and open
     * connections stay near the concurrency (10,000 listening sockets already use half of a 20,000
     * descriptor limit).
     */
    private void fire(HttpClient client, CountDownLatch drained, int w) {
        if (stopping) {
            drained.countDown();
            return;
        }
        long n = workerSeq[w]++;
        long round = n / batch;
        boolean last = n % batch == batch - 1;
        int bmc = (int) ((w + round * concurrency) % ports.length);
        int port = ports[bmc];
        String path = paths[(int) (n % paths.length)];
        if (path.equals("SYSTEM")) {
            path = systemPaths[bmc];
        }
        long start = System.nanoTime();
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost(hosts[bmc]).setPort(port).setURI(path)
                .putHeader("Authorization", authorization);
        if (last) {
            o.putHeader("Connection", "close");
        }
        client.request(o)
                .compose(req -> req.send().compose(resp -> resp.body().map(b -> resp.statusCode())))
                .onComplete(ar -> {
                    if (ar.succeeded() && ar.result() == 200) {
                        ok.incrementAndGet();
                        if (recording) {
                            record(System.nanoTime() - start);
                        }
                    } else {
                        errors.incrementAndGet();
                    }
                    fire(client, drained, w);
                });
    }

    private void record(long nanos) {
        int b = (int) Math.min(BUCKETS - 1, nanos / 10_000);
        histogram[b]++;
    }

    private double percentileMs(double q) {
        long total = 0;
        for (int c : histogram) {
            total += c;
        }
        long target = (long) Math.ceil(total * q);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += histogram[i];
            if (seen >= target && total > 0) {
                return i / 100.0;
            }
        }
        return -1;
    }

    /** What one measured window produced. */
    public record Result(long ok, long errors, long elapsedNs, double p50Ms, double p99Ms, double p999Ms) {
        public double perSecond() {
            return ok * 1e9 / elapsedNs;
        }
    }
}
