package io.metalfleet.simulator.tls;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;

/** A private key with its certificate chain, as PEM, ready for a Vert.x server. */
public record KeyCert(String keyPem, String certChainPem) {

    public PemKeyCertOptions options() {
        return new PemKeyCertOptions().setKeyValue(Buffer.buffer(keyPem)).setCertValue(Buffer.buffer(certChainPem));
    }
}
