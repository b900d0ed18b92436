package io.metalfleet.simulator.net;

import io.metalfleet.simulator.fleet.BmcState;
import io.metalfleet.simulator.redfish.RequestPipeline;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerConnection;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

/**
 * The connection handler of an address-per-BMC fleet's shared server: each accepted connection belongs to the
 * BMC whose address the client connected to (the connection's local address), worked out once per connection,
 * and its requests go straight to that BMC's pipeline. One socket can accept for many loopback addresses only
 * when bound to the wildcard (a socket bound to 127.0.0.1 takes only 127.0.0.1's connections), so the server
 * listens on 0.0.0.0 and also accepts connections made to the machine's other addresses, 127.0.0.1 and its real
 * interfaces included: this is the guard that closes those. Plain HTTP: before any byte is read or written (Vert.x
 * calls it as it sets the connection up). HTTPS: once the TLS handshake is done (Vert.x hands over the connection
 * only then), so a stranger sees the fleet's certificate but never an answer.
 */
public final class AddressRouting implements Handler<HttpConnection> {

    private final LoopbackRange addresses;
    private final BmcState[] bmcs;
    private final RequestPipeline pipeline;
    private final Runnable refused;

    public AddressRouting(LoopbackRange addresses, List<BmcState> bmcs, RequestPipeline pipeline, Runnable refused) {
        if (bmcs.size() != addresses.size()) {
            throw new IllegalArgumentException(bmcs.size() + " BMCs for " + addresses.size() + " addresses");
        }
        this.addresses = addresses;
        this.bmcs = bmcs.toArray(new BmcState[0]);
        this.pipeline = pipeline;
        this.refused = refused;
    }

    /** The BMC a connection was made to, or null when its local address is not one of the fleet's. */
    public BmcState bmcOf(SocketAddress local) {
        int i = local instanceof InetSocketAddress inet ? addresses.indexOf(inet.getAddress()) : -1;
        return i < 0 ? null : bmcs[i];
    }

    @Override
    public void handle(HttpConnection connection) {
        // Vert.x's own server connection (HTTP/1.1 only here): its Netty channel has the local address without a
        // Vert.x SocketAddress copy, and its request handler can be set per connection
        HttpServerConnection c = (HttpServerConnection) connection;
        BmcState bmc = bmcOf(c.channel().localAddress());
        if (bmc == null) {
            refused.run();
            c.channel().close();
            return;
        }
        c.handler(request -> serve(bmc, request));
    }

    /**
     * What Vert.x's own request handler does for a server without WebSockets, which this per-connection handler
     * replaces: a request line of another HTTP version is answered 501 and the connection closed, as with a port per BMC.
     */
    private void serve(BmcState bmc, HttpServerRequest request) {
        if (request.version() == null) {
            request.response().setStatusCode(501).end();
            request.response().close();
            return;
        }
        pipeline.handle(bmc, request);
    }

    /** The shared server's own request handler, never reached: every accepted connection gets one above or is closed. */
    public static void unrouted(HttpServerRequest request) {
        request.connection().close();
    }
}
