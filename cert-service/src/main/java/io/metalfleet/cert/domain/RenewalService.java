package io.metalfleet.cert.domain;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bouncycastle.cert.X509CertificateHolder;

import io.metalfleet.cert.api.ApiException;
import io.metalfleet.cert.api.dto.CertificateView;
import io.metalfleet.cert.api.dto.RenewRequest;
import io.metalfleet.cert.persistence.CertificateEntity;
import io.metalfleet.cert.persistence.CertificateRepository;
import io.metalfleet.cert.persistence.ClusterEntity;
import io.metalfleet.cert.pki.CsrPolicy;
import io.metalfleet.cert.pki.Pki;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Renewal before expiry: the node shows its current certificate (it must be ours, byte for byte,
 * unexpired and unrevoked) and proves it holds the key — by signing the CSR with it (same key) or by
 * a {@code proof} signature over a CSR for a new key. The new certificate keeps the name and at most
 * the SANs of the old one, under the owner's CA that signs now.
 */
@ApplicationScoped
public class RenewalService {

    @Inject
    CertificateRepository certificates;
    @Inject
    CaService cas;
    @Inject
    NodeCertificateService nodes;
    @Inject
    CertificateIssuer issuer;
    @Inject
    Vertx vertx;

    @WithTransaction
    public Uni<CertificateView> renew(String projectId, RenewRequest request) {
        X509CertificateHolder presented;
        try {
            presented = Pki.parseCertificate(request.certificate());
        } catch (IOException | RuntimeException e) {
            throw ApiException.badRequest("certificate", "not a PEM certificate");
        }
        String serial = Pki.serialHex(presented.getSerialNumber());
        return certificates.findById(serial).chain(current -> {
            checkCurrent(current, projectId, presented);
            boolean cluster = current.clusterId != null;
            Uni<ClusterEntity> clusterRow = cluster
                    ? Panache.getSession().chain(session -> session.find(ClusterEntity.class, current.clusterId))
                    : Uni.createFrom().nullItem();
            return clusterRow.chain(clusterEntity -> cas.authority(cluster ? CaService.CLUSTER : CaService.PROJECT,
                    cluster ? current.clusterId : projectId).chain(authority -> vertx.executeBlocking(() -> {
                        Set<String> suffixes = clusterEntity == null || clusterEntity.domain == null ? Set.of() : Set.of(clusterEntity.domain);
                        CsrPolicy.Accepted csr = nodes.check(request.csr(), current.nodeName, suffixes);
                        Set<String> allowed = new HashSet<>(issuer.sans(current.sans));
                        for (String san : csr.sanNames()) {
                            if (!allowed.contains(san)) {
                                throw new NodeCertificateService.CsrRejected("renewal may not add the SAN " + san);
                            }
                        }
                        proveKey(current, presented, csr, request.proof());
                        return issuer.sign(authority.signerAt(Instant.now()), csr.subject(), csr.publicKey(), csr.sans(),
                                csr.sanNames(), Pki.Profile.NODE, nodes.validity(request.validityDays()),
                                new CertificateIssuer.Holder("node", current.projectId, current.clusterId, current.productId,
                                        current.nodeName, current.serial));
                    }, false).chain(signed -> issuer.record(signed, true, null)).map(row -> issuer.view(row, authority.bundlePem()))));
        });
    }

    private static void checkCurrent(CertificateEntity current, String projectId, X509CertificateHolder presented) {
        if (current == null || !projectId.equals(current.projectId) || !"node".equals(current.kind)
                || !current.certificatePem.equals(Pki.pem(presented))) {
            throw ApiException.unauthorized("the certificate was not issued here to a node of this project");
        }
        if ("revoked".equals(current.status)) {
            throw ApiException.unauthorized("the certificate is revoked: the node must register again");
        }
        if ("expired".equals(current.status) || !current.notAfter.isAfter(Instant.now())) {
            throw ApiException.unauthorized("the certificate has expired: the node must register again");
        }
    }

    /** Same key: the CSR's own signature (already checked) proves possession. A new key needs the old key's signature. */
    private static void proveKey(CertificateEntity current, X509CertificateHolder presented, CsrPolicy.Accepted csr, String proof) {
        String newKey;
        byte[] csrDer;
        try {
            newKey = Pki.sha256Hex(csr.publicKey().getEncoded());
            csrDer = CsrPolicy.parse(csr.pem()).getEncoded();
        } catch (IOException | CsrPolicy.Rejected e) {
            throw new NodeCertificateService.CsrRejected("the request does not encode");
        }
        if (newKey.equals(current.publicKeySha256)) {
            return;
        }
        if (proof == null || proof.isBlank()) {
            throw new NodeCertificateService.CsrRejected(
                    "a new key needs proof: a signature over the CSR's DER by the current certificate's key");
        }
        try {
            PublicKey oldKey = Pki.publicKey(presented.getSubjectPublicKeyInfo());
            Signature verifier = Signature.getInstance(Pki.signatureAlgorithm(oldKey.getAlgorithm()), Pki.PROVIDER);
            verifier.initVerify(oldKey);
            verifier.update(csrDer);
            if (verifier.verify(Base64.getDecoder().decode(proof.trim()))) {
                return;
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // falls through: a proof that does not parse is no proof
        }
        throw ApiException.unauthorized("the proof is not a signature of the CSR by the current certificate's key");
    }
}
