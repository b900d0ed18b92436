package io.metalfleet.bench;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The load side of an open-loop benchmark: a Vert.x HTTP/1.1 client on one event loop with a
 * bounded keep-alive pool. A request costs the bench a few microseconds, so at hundreds of requests
 * a second on a shared 2-core machine the generator is not what is measured; requests beyond the
 * pool wait in the client's queue and that wait counts in their latency (see {@link OpenLoop}).
 */
public final class LoadClient implements AutoCloseable {

    private final Vertx vertx;
    private final HttpClient client;

    public LoadClient(int connections) {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    }

    /** Completes with true when the answer is {@code expectedStatus} (the body read to its end), false otherwise. */
    public CompletableFuture<Boolean> get(URI uri, Map<String, String> headers, int expectedStatus, Duration timeout) {
        return send(HttpMethod.GET, uri, headers, null, expectedStatus, timeout);
    }

    /** As {@link #get}, with a method and a body ({@code null} for none). */
    public CompletableFuture<Boolean> send(HttpMethod method, URI uri, Map<String, String> headers, String body,
            int expectedStatus, Duration timeout) {
        RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(uri.toString())
                .setIdleTimeout(timeout.toMillis());
        headers.forEach(options::putHeader);
        return client.request(options)
                .compose(request -> body == null ? request.send() : request.send(body))
                .compose(response -> response.body().map(received -> response.statusCode() == expectedStatus))
                .toCompletionStage().toCompletableFuture()
                // A hard deadline from the call, whatever the pool queue or the server do.
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
}
