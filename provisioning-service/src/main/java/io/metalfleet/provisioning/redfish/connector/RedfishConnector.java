package io.metalfleet.provisioning.redfish.connector;

import java.net.ConnectException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

import javax.net.ssl.SSLException;

import org.jboss.logging.Logger;

import io.metalfleet.provisioning.redfish.session.SessionCache;
import io.metalfleet.provisioning.redfish.session.SessionCache.Auth;
import io.metalfleet.provisioning.redfish.tls.BmcTrust;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.util.concurrent.EventExecutor;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.TrustOptions;

/**
 * THE one request path to every BMC. Every operation (inspection, power, boot, sync, media, session
 * login/logout) goes through here, so the per-BMC concurrency limit, the global in-flight bound, the
 * circuit breaker, timeouts, retries and re-login hold for all of them together.
 *
 * <p>One Vert.x HTTP client for the fleet, with a keep-alive pool per host:port no larger than the
 * per-BMC limit. The core client rather than WebClient: TLS trust is decided per BMC inside the
 * handshake ({@link BmcTrust}) and nothing else of WebClient is needed on this path.
 */
public final class RedfishConnector implements Transport, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RedfishConnector.class);

    static {
        // loaded now, not on the first failure: when the process is out of file descriptors, loading a
        // class from its jar fails too, and a failure could not even be reported
        RedfishException.Kind.values();
        new RedfishException(RedfishException.Kind.TRANSPORT, "preload");
    }

    private final Vertx vertx;
    private final RedfishSettings settings;
    private final HttpClient http;
    private final Permits global;
    private final Map<String, BmcGate> gates = new ConcurrentHashMap<>();
    private final SessionCache sessions;
    private final BmcTrust trust;
    private final LongAdder requests = new LongAdder();
    private final Map<RedfishException.Kind, LongAdder> failures = new ConcurrentHashMap<>();
    private final LongAdder retried = new LongAdder();
    /** One context per event loop; each BMC is pinned to one of them (see {@link #gate}). */
    private final ContextInternal[] loops;
    private final AtomicInteger nextLoop = new AtomicInteger();
    private volatile BmcNetworks networks = BmcNetworks.any();

    public RedfishConnector(Vertx vertx, RedfishSettings settings, BmcTrust trust) {
        this.vertx = vertx;
        this.settings = settings;
        this.trust = trust;
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(true)
                .setKeepAliveTimeout((int) Math.max(1, settings.idleTimeout().toSeconds()))
                .setConnectTimeout((int) settings.connectTimeout().toMillis())
                // the handshake is part of connecting: it gets the same time (Vert.x's own default is 10 s)
                .setSslHandshakeTimeout(settings.connectTimeout().toMillis())
                .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS)
                .setTcpNoDelay(true)
                .setVerifyHost(false)
                .setTrustOptions(TrustOptions.wrap(trust))
                .setTryUseCompression(false);
        useTlsEngine(options, settings.tlsEngine());
        PoolOptions pool = new PoolOptions().setHttp1MaxSize(settings.perBmcConcurrency()).setMaxWaitQueueSize(-1)
                // the cleaner visits every BMC's pool each period: once a second was a visible share of the
                // CPU at 10,000 BMCs, and an idle connection closed a few seconds late costs nothing
                .setCleanerPeriod((int) Math.max(1000, settings.idleTimeout().toMillis() / 4));
        this.http = vertx.createHttpClient(options, pool);
        this.global = new Permits(settings.globalInFlight());
        this.sessions = new SessionCache(this);
        this.loops = eventLoopContexts(vertx);
    }

    /**
     * BoringSSL (netty-tcnative) where asked for and loadable: the JDK's TLS is Java code, and under C1 (this service's
     * JIT, see its README) its AES-GCM and handshakes cost several times the CPU of the native ones. Trust stays this
     * engine's own ({@link BmcTrust}: CA bundles and pins), whichever engine runs the protocol.
     */
    private static void useTlsEngine(HttpClientOptions options, RedfishSettings.TlsEngine engine) {
        if (engine != RedfishSettings.TlsEngine.OPENSSL) {
            return;
        }
        if (OpenSSLEngineOptions.isAvailable()) {
            options.setSslEngineOptions(new OpenSSLEngineOptions());
        } else {
            LOG.warnf("TLS to BMCs through the JDK: the OpenSSL engine does not load here (%s)",
                    io.netty.handler.ssl.OpenSsl.unavailabilityCause());
        }
    }

    /**
     * A context on each of Vert.x's event loops. Without them a request runs on its caller's context:
     * a Kafka or main thread's "sticky" context, or whichever loop released the permit, so a whole
     * fleet ended up on one event loop (one core) and its connections were served across threads.
     */
    private static ContextInternal[] eventLoopContexts(Vertx vertx) {
        VertxInternal internal = (VertxInternal) vertx;
        java.util.List<ContextInternal> contexts = new java.util.ArrayList<>();
        for (EventExecutor executor : internal.getEventLoopGroup()) {
            contexts.add(internal.createEventLoopContext((EventLoop) executor, null, RedfishConnector.class.getClassLoader()));
        }
        return contexts.toArray(ContextInternal[]::new);
    }

    public RedfishSettings settings() {
        return settings;
    }

    /** The Vert.x whose client and event loops the engine runs on. */
    public Vertx vertx() {
        return vertx;
    }

    public SessionCache sessions() {
        return sessions;
    }

    public BmcTrust trust() {
        return trust;
    }

    public BmcGate gate(BmcTarget target) {
        BmcGate known = gates.get(target.hostPort()); // the common case: no lock taken
        // BMCs are dealt to the event loops in turn: every request of one BMC (its connections, its
        // answers, what the engine does next) runs on one loop, and the fleet spreads over all of them
        return known != null ? known : gates.computeIfAbsent(target.hostPort(),
                k -> new BmcGate(settings.perBmcConcurrency(), settings.breakerFailures(), settings.breakerOpen().toMillis(),
                        loops[Math.floorMod(nextLoop.getAndIncrement(), loops.length)]));
    }

    public String describe(BmcTarget target) {
        return "global " + global + "; session " + sessions.describe(target);
    }

    /**
     * Forgets the BMC at host:port (server deleted, BMC replaced): its sessions are logged out, then what
     * discovery learnt and its breaker are dropped, so a BMC later found at the same address is discovered anew.
     */
    public Uni<Void> forget(String hostPort) {
        return sessions.evictHost(hostPort).invoke(() -> gates.remove(hostPort));
    }

    public long requests() {
        return requests.sum();
    }

    public long retries() {
        return retried.sum();
    }

    public Map<RedfishException.Kind, Long> failuresByKind() {
        Map<RedfishException.Kind, Long> counts = new java.util.TreeMap<>();
        failures.forEach((kind, n) -> counts.put(kind, n.sum()));
        return counts;
    }

    /** Highest number of requests ever in flight to one BMC, over the whole fleet. */
    public int maxInFlightPerBmc() {
        return gates.values().stream().mapToInt(BmcGate::maxInFlight).max().orElse(0);
    }

    public int globalMaxInFlight() {
        return global.maxInUse();
    }

    public Uni<RedfishResponse> get(BmcTarget target, String path) {
        return call(target, RedfishCall.get(path));
    }

    /**
     * A request with authentication, retries and one re-login: the answer as the BMC gave it after
     * the retries (callers decide what a non-2xx means), or a {@link RedfishException} for a transport
     * failure, an open circuit or TLS refusal.
     *
     * <p>One Uni whose attempts chain through callbacks, not Mutiny operators: every operator on this path
     * (the fleet's hottest) was an allocation and a context capture per request, kept on the heap for as long
     * as the operation runs: at 10,000 BMCs in flight, tens of MB that the collector copied again and again.
     */
    public Uni<RedfishResponse> call(BmcTarget target, RedfishCall call) {
        return Uni.createFrom().emitter(emitter -> attempt(target, call, 0, false, emitter));
    }

    private void attempt(BmcTarget target, RedfishCall call, int retry, boolean relogged, UniEmitter<? super RedfishResponse> emitter) {
        Auth known = sessions.known(target);
        if (known != null) {
            exchange(target, call, known, retry, relogged, emitter);
        } else {
            sessions.auth(target).subscribe().with(auth -> exchange(target, call, auth, retry, relogged, emitter), emitter::fail);
        }
    }

    private void exchange(BmcTarget target, RedfishCall call, Auth auth, int retry, boolean relogged,
            UniEmitter<? super RedfishResponse> emitter) {
        exchange(target, call, auth.header(), auth.value(), (response, failure) -> {
            try {
                next(target, call, auth, retry, relogged, emitter, response, failure);
            } catch (RuntimeException unexpected) {
                emitter.fail(unexpected); // never leave the caller waiting
            }
        });
    }

    /** After one attempt: a new login, a retry after a pause, or the end (the answer or the failure). */
    private void next(BmcTarget target, RedfishCall call, Auth auth, int retry, boolean relogged,
            UniEmitter<? super RedfishResponse> emitter, RedfishResponse response, Throwable failure) {
        if (failure == null && response.status() == 401 && auth.session() && !relogged) {
            sessions.invalidate(target, auth);
            attempt(target, call, retry, true, emitter);
            return;
        }
        Duration pause = retry >= settings.retries() ? null
                : failure == null ? (retriable(response, call) ? wait(response, retry) : null)
                : (retriable(failure, call) ? backoff(retry) : null);
        if (pause != null) {
            retried.increment();
            later(pause, () -> attempt(target, call, retry + 1, relogged, emitter));
        } else if (failure != null) {
            emitter.fail(count(failure));
        } else {
            emitter.complete(response);
        }
    }

    /** 503 is the documented "not ready, nothing done" answer: safe for any method. Other 5xx only when idempotent. */
    private static boolean retriable(RedfishResponse response, RedfishCall call) {
        int status = response.status();
        return status == 503 || (status >= 500 && call.idempotent());
    }

    /** A lost answer may have been acted on: repeat only idempotent calls, or calls that never reached the BMC. */
    private static boolean retriable(Throwable failure, RedfishCall call) {
        if (!(failure instanceof RedfishException e)) {
            return false;
        }
        return switch (e.kind()) {
            case TRANSPORT, TIMEOUT -> call.idempotent() || e.status() == -1;
            default -> false;
        };
    }

    private Duration backoff(int retry) {
        long base = settings.backoffBase().toMillis() << Math.min(retry, 16);
        long capped = Math.min(base, settings.backoffMax().toMillis());
        // full jitter: retries of a whole fleet must not march in step
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    /** Retry-After when the BMC gave one (seconds or an HTTP date), capped; else exponential backoff. */
    Duration wait(RedfishResponse response, int retry) {
        Duration retryAfter = RetryAfter.parse(response.header("Retry-After"));
        if (retryAfter == null) {
            return backoff(retry);
        }
        return retryAfter.compareTo(settings.retryAfterMax()) > 0 ? settings.retryAfterMax() : retryAfter;
    }

    private void later(Duration delay, Runnable then) {
        if (delay.isZero() || delay.isNegative()) {
            then.run();
        } else {
            vertx.setTimer(delay.toMillis(), id -> then.run());
        }
    }

    /** A Vert.x timer, never a sleeping thread. */
    public Uni<Void> after(Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().emitter(emitter -> vertx.setTimer(delay.toMillis(), id -> emitter.complete(null)));
    }

    private RedfishException count(Throwable failure) {
        RedfishException e = failure instanceof RedfishException r ? r
                : new RedfishException(RedfishException.Kind.TRANSPORT, String.valueOf(failure.getMessage()));
        failures.computeIfAbsent(e.kind(), k -> new LongAdder()).increment();
        return e;
    }

    /**
     * {@link #exchange} with the retry policy but no session: logins and logouts. A login is repeated
     * even after a lost answer: at worst it leaves a session behind, which the cap recovery clears.
     */
    @Override
    public Uni<RedfishResponse> exchangeRetrying(BmcTarget target, RedfishCall call, String authHeader, String authValue) {
        return retrying(target, call, authHeader, authValue, 0);
    }

    private Uni<RedfishResponse> retrying(BmcTarget target, RedfishCall call, String authHeader, String authValue, int retry) {
        return exchange(target, call, authHeader, authValue).onItemOrFailure().transformToUni((response, failure) -> {
            boolean again = retry < settings.retries() && (failure != null
                    ? failure instanceof RedfishException e && (e.kind() == RedfishException.Kind.TRANSPORT
                            || e.kind() == RedfishException.Kind.TIMEOUT)
                    : response.status() >= 500 && !SessionCache.limitReached(response));
            if (!again) {
                return failure != null ? Uni.createFrom().failure(count(failure)) : Uni.createFrom().item(response);
            }
            retried.increment();
            return after(failure != null ? backoff(retry) : wait(response, retry))
                    .chain(() -> retrying(target, call, authHeader, authValue, retry + 1));
        });
    }

    /** Limits every connection to these networks (see {@link BmcNetworks}); all addresses by default. */
    public void restrictTo(BmcNetworks allowed) {
        this.networks = allowed;
    }

    @Override
    public Uni<RedfishResponse> exchange(BmcTarget target, RedfishCall call, String authHeader, String authValue) {
        return Uni.createFrom().emitter(emitter -> exchange(target, call, authHeader, authValue, (response, failure) -> {
            if (failure == null) {
                emitter.complete(response);
            } else {
                emitter.fail(failure);
            }
        }));
    }

    /**
     * One attempt under the BMC's limits: both permits, the request, their release, the breaker's count; the answer
     * or the failure reported to {@code done} exactly once.
     */
    private void exchange(BmcTarget target, RedfishCall call, String authHeader, String authValue,
            BiConsumer<RedfishResponse, Throwable> done) {
        if (!networks.allows(target.host())) {
            done.accept(null, new RedfishException(RedfishException.Kind.NOT_ALLOWED,
                    target.host() + " is outside the allowed BMC networks (metalfleet.redfish.allowed-networks)"));
            return;
        }
        BmcGate gate = gate(target);
        if (!gate.admit(System.currentTimeMillis())) {
            done.accept(null, new RedfishException(RedfishException.Kind.CIRCUIT_OPEN,
                    "circuit open after repeated failures of " + target.hostPort() + " (last: " + gate.lastFailure() + ")"));
            return;
        }
        gate.permits.acquire(() -> global.acquire(
                () -> send(gate, target, call, authHeader, authValue, (response, failure) -> {
                    global.release();
                    gate.permits.release();
                    if (failure == null) {
                        gate.succeeded();
                    } else {
                        gate.failed(System.currentTimeMillis(), failure.getMessage());
                    }
                    done.accept(response, failure);
                })));
    }

    /** Sends on the BMC's event loop and reports the answer, or the classified failure, to {@code done} exactly once. */
    private void send(BmcGate gate, BmcTarget target, RedfishCall call, String authHeader, String authValue,
            BiConsumer<RedfishResponse, Throwable> done) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(call.method()))
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.https())
                .setURI(call.path())
                .setIdleTimeout(settings.requestTimeout().toMillis())
                .putHeader("Accept", "application/json")
                .putHeader("OData-Version", "4.0");
        if (authHeader != null) {
            options.putHeader(authHeader, authValue);
        }
        if (call.body() != null) {
            options.putHeader("Content-Type", "application/json");
        }
        if (call.ifMatch() != null) {
            options.putHeader("If-Match", call.ifMatch());
        }
        // on the BMC's own event loop: runs at once when already there, else is handed over
        gate.context().emit(v -> {
            requests.increment();
            boolean[] sent = new boolean[1];
            http.request(options)
                    .compose(request -> {
                        sent[0] = true;
                        return call.body() == null ? request.send() : request.send(call.body());
                    })
                    .compose(response -> body(response)
                            .map(body -> new RedfishResponse(response.statusCode(), response.headers(), body)))
                    .onComplete(result -> {
                        if (result.succeeded()) {
                            // next turn of the loop: Vert.x hands the connection back to the pool only after this
                            // callback, and a BMC's next request would otherwise open a second connection
                            gate.context().runOnContext(next -> done.accept(result.result(), null));
                            return;
                        }
                        Throwable failure;
                        try {
                            failure = classify(target, call, result.cause(), sent[0]);
                        } catch (Throwable unexpected) {
                            // never leave the caller waiting: a throw here would be swallowed by the event loop
                            failure = unexpected;
                        }
                        done.accept(null, failure);
                    });
        });
    }

    /**
     * The answer's body in one buffer. An answer that came in one piece (a ComputerSystem, a task: most of them) is
     * kept as Vert.x handed it over; a longer one is gathered into a buffer of its Content-Length. Vert.x's own
     * {@code body()} grows its buffer by doubling from a few hundred bytes: a fifth of all the engine allocated in a
     * 10,000-BMC power-cycle, which the collector then had to clear.
     */
    private static Future<Buffer> body(HttpClientResponse response) {
        Promise<Buffer> whole = Promise.promise();
        int expected = contentLength(response.getHeader("Content-Length"));
        Buffer[] parts = new Buffer[2]; // [0] the first piece, [1] the gathered body once a second piece came
        response.handler(piece -> {
            if (parts[0] == null && parts[1] == null) {
                parts[0] = piece;
                return;
            }
            if (parts[1] == null) {
                parts[1] = Buffer.buffer(Math.max(expected, parts[0].length() + piece.length())).appendBuffer(parts[0]);
                parts[0] = null;
            }
            parts[1].appendBuffer(piece);
        });
        response.exceptionHandler(whole::tryFail);
        response.endHandler(end -> whole.tryComplete(parts[1] != null ? parts[1] : parts[0] != null ? parts[0] : Buffer.buffer()));
        return whole.future();
    }

    private static int contentLength(String header) {
        try {
            return header == null ? 0 : Math.min(Integer.parseInt(header.trim()), 16 * 1024 * 1024);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Status -1 marks a failure before the request left (connect refused, handshake refused): safe to repeat. */
    private static RedfishException classify(BmcTarget target, RedfishCall call, Throwable cause, boolean sent) {
        boolean refusedByTls = false;
        for (Throwable t = cause; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SslHandshakeTimeoutException || String.valueOf(t.getMessage()).contains("handshake timed out")) {
                // a handshake that ran out of time refused nothing (a busy BMC, a busy engine): the request never
                // left, so it is retried like a connect timeout, even when an outer SSLException wraps it
                return new RedfishException(RedfishException.Kind.TIMEOUT, -1,
                        call + " to " + target.hostPort() + ": TLS handshake timed out");
            }
            refusedByTls |= t instanceof SSLException || t instanceof CertificateException;
        }
        if (refusedByTls) {
            return new RedfishException(RedfishException.Kind.TLS, "TLS with " + target.hostPort() + " refused: "
                    + rootMessage(cause));
        }
        String message = String.valueOf(cause.getMessage());
        if (cause instanceof TimeoutException || message.contains("timeout") || message.contains("timed out")) {
            return new RedfishException(RedfishException.Kind.TIMEOUT, sent ? 0 : -1,
                    call + " to " + target.hostPort() + " timed out");
        }
        boolean beforeSend = !sent || cause instanceof ConnectException;
        return new RedfishException(RedfishException.Kind.TRANSPORT, beforeSend ? -1 : 0,
                call + " to " + target.hostPort() + ": " + cause.getClass().getSimpleName() + " " + message);
    }

    private static String rootMessage(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    @Override
    public void close() {
        http.close();
    }
}
