package io.metalfleet.cert.domain;

import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The CAs of one owner (a project or a cluster) that are still trusted, newest generation first,
 * with their keys decrypted in memory. The one that signs at a given time is the newest whose
 * {@code signsFrom} has come; the older ones stay in the bundle until their certificates expire.
 */
public record Authority(String ownerType, String ownerId, List<Ca> cas) {

    /** One CA generation, ready to sign. */
    public record Ca(UUID id, int generation, X509CertificateHolder certificate, String certificatePem, PrivateKey key,
            Instant signsFrom, Instant notAfter) {

        @Override
        public String toString() {
            // Never print the key, even by accident in a log line.
            return "Ca[" + id + ", generation " + generation + "]";
        }
    }

    public Ca signerAt(Instant at) {
        for (Ca ca : cas) {
            if (!ca.signsFrom().isAfter(at)) {
                return ca;
            }
        }
        return cas.get(cas.size() - 1);
    }

    /** Every trusted CA certificate as one PEM bundle, newest first. */
    public String bundlePem() {
        StringBuilder pem = new StringBuilder();
        for (Ca ca : cas) {
            pem.append(ca.certificatePem());
        }
        return pem.toString();
    }

    public Ca generation(int generation) {
        return cas.stream().filter(ca -> ca.generation() == generation).findFirst().orElse(null);
    }
}
