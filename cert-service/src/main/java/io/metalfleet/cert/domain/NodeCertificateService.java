package io.metalfleet.cert.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.metalfleet.cert.api.ApiException;
import io.metalfleet.cert.api.ErrorCodes;
import io.metalfleet.cert.api.dto.BatchNodeCertificateResponse;
import io.metalfleet.cert.api.dto.CertificateView;
import io.metalfleet.cert.config.CertConfig;
import io.metalfleet.cert.events.CertEvents;
import io.metalfleet.cert.persistence.ClusterEntity;
import io.metalfleet.cert.persistence.ProductEntity;
import io.metalfleet.cert.persistence.ProductRepository;
import io.metalfleet.cert.pki.CsrPolicy;
import io.metalfleet.cert.pki.Pki;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Node certificates: a node with its product's identifier and a CSR gets a certificate under the
 * project CA; a node joining a cluster (provisioning's node.joining) gets one under the cluster CA.
 * CSR checks and signing run on worker threads; the certificate and its event are written in one
 * transaction.
 */
@ApplicationScoped
public class NodeCertificateService {

    @Inject
    ProductRepository products;
    @Inject
    CaService cas;
    @Inject
    CertificateIssuer issuer;
    @Inject
    CertConfig config;
    @Inject
    Vertx vertx;

    /** A CSR that policy refused, with the reason (400 for the API, a skipped event for a consumer). */
    public static class CsrRejected extends RuntimeException {
        public CsrRejected(String reason) {
            super(reason, null, false, false);
        }
    }

    @WithTransaction
    public Uni<CertificateView> signForProduct(String projectId, String identifier, String csrPem, Integer validityDays) {
        Duration validity = validity(validityDays);
        return product(projectId, identifier)
                .chain(product -> cas.authority(CaService.PROJECT, projectId).chain(authority -> vertx.executeBlocking(() -> {
                    CsrPolicy.Accepted csr = check(csrPem, null, Set.of());
                    return issuer.sign(authority.signerAt(Instant.now()), csr.subject(), csr.publicKey(), csr.sans(), csr.sanNames(),
                            Pki.Profile.NODE, validity,
                            new CertificateIssuer.Holder("node", projectId, null, product.id, csr.nodeName(), null));
                }, false).chain(signed -> issuer.record(signed, true, null)).map(row -> issuer.view(row, authority.bundlePem()))));
    }

    /**
     * Many nodes of one product at once: one product check, the CSRs checked and signed in parallel on
     * worker threads, every certificate and event stored in one statement. Items are independent.
     */
    @WithTransaction
    public Uni<BatchNodeCertificateResponse> signBatchForProduct(String projectId, String identifier, List<String> csrs,
            Integer validityDays) {
        Duration validity = validity(validityDays);
        return product(projectId, identifier).chain(product -> cas.authority(CaService.PROJECT, projectId).chain(authority -> {
            Authority.Ca ca = authority.signerAt(Instant.now());
            int chunks = Math.min(csrs.size(), Math.max(1, Runtime.getRuntime().availableProcessors()));
            List<Uni<List<Object>>> work = new ArrayList<>(chunks);
            for (int c = 0; c < chunks; c++) {
                int chunk = c;
                work.add(vertx.executeBlocking(() -> {
                    List<Object> results = new ArrayList<>();
                    for (int i = chunk; i < csrs.size(); i += chunks) {
                        try {
                            CsrPolicy.Accepted csr = check(csrs.get(i), null, Set.of());
                            results.add(issuer.sign(ca, csr.subject(), csr.publicKey(), csr.sans(), csr.sanNames(), Pki.Profile.NODE,
                                    validity, new CertificateIssuer.Holder("node", projectId, null, product.id, csr.nodeName(), null)));
                        } catch (CsrRejected e) {
                            results.add(new BatchNodeCertificateResponse.Failure(i, ErrorCodes.INVALID_PARAMETER,
                                    "invalid csrs[" + i + "]: " + e.getMessage()));
                        }
                    }
                    return results;
                }, false));
            }
            return Uni.join().all(work).andFailFast().chain(parts -> {
                CertificateIssuer.Signed[] signed = new CertificateIssuer.Signed[csrs.size()];
                List<BatchNodeCertificateResponse.Failure> failed = new ArrayList<>();
                for (int c = 0; c < parts.size(); c++) {
                    List<Object> part = parts.get(c);
                    for (int k = 0; k < part.size(); k++) {
                        int index = c + k * chunks;
                        if (part.get(k) instanceof CertificateIssuer.Signed one) {
                            signed[index] = one;
                        } else {
                            failed.add((BatchNodeCertificateResponse.Failure) part.get(k));
                        }
                    }
                }
                failed.sort(java.util.Comparator.comparingInt(BatchNodeCertificateResponse.Failure::index));
                List<CertificateIssuer.Signed> ordered = new ArrayList<>();
                List<BatchNodeCertificateResponse.Issued> succeeded = new ArrayList<>();
                for (int i = 0; i < signed.length; i++) {
                    if (signed[i] != null) {
                        ordered.add(signed[i]);
                        succeeded.add(new BatchNodeCertificateResponse.Issued(i, issuer.view(signed[i].row(), null)));
                    }
                }
                return issuer.recordAll(ordered, true, null)
                        .map(ignored -> new BatchNodeCertificateResponse(succeeded, failed, authority.bundlePem()));
            });
        }));
    }

    /** The certificate a joining node gets under its cluster's CA (the event carries the node's CSR). */
    @WithTransaction
    public Uni<CertificateView> signForJoiningNode(String projectId, String clusterId, String nodeName, String csrPem,
            CertEvents.JobContext job) {
        return Panache.getSession().chain(session -> session.find(ClusterEntity.class, clusterId))
                .chain(cluster -> cas.authority(CaService.CLUSTER, clusterId).chain(authority -> vertx.executeBlocking(() -> {
                    Set<String> suffixes = cluster == null || cluster.domain == null ? Set.of() : Set.of(cluster.domain);
                    CsrPolicy.Accepted csr = check(csrPem, nodeName, suffixes);
                    return issuer.sign(authority.signerAt(Instant.now()), csr.subject(), csr.publicKey(), csr.sans(), csr.sanNames(),
                            Pki.Profile.NODE, config.certificates().nodeValidity(),
                            new CertificateIssuer.Holder("node", projectId, clusterId, null, csr.nodeName(), null));
                }, false).chain(signed -> issuer.record(signed, true, job)).map(row -> issuer.view(row, authority.bundlePem()))));
    }

    /** Policy check with the configured rules plus the owner's extra DNS suffixes; refusals become CsrRejected. */
    CsrPolicy.Accepted check(String csrPem, String expectedName, Set<String> extraSuffixes) {
        Set<String> suffixes = new LinkedHashSet<>(config.certificates().dnsSuffixes());
        suffixes.addAll(extraSuffixes);
        CsrPolicy.Rules rules = new CsrPolicy.Rules(suffixes, config.certificates().allowPrivateIpSans(),
                config.certificates().minRsaBits(), config.certificates().maxSans());
        try {
            return CsrPolicy.check(csrPem, expectedName, rules);
        } catch (CsrPolicy.Rejected e) {
            throw new CsrRejected(e.getMessage());
        }
    }

    Duration validity(Integer days) {
        if (days == null) {
            return config.certificates().nodeValidity();
        }
        Duration asked = Duration.ofDays(days);
        if (asked.compareTo(config.certificates().maxNodeValidity()) > 0) {
            throw ApiException.badRequest("validity_days", "at most " + config.certificates().maxNodeValidity().toDays() + " days");
        }
        return asked;
    }

    /** The product an identifier belongs to; any mismatch is the same 401, so nothing leaks about which part was wrong. */
    private Uni<ProductEntity> product(String projectId, String identifier) {
        UUID id = Identifiers.productId(identifier);
        if (id == null) {
            throw ApiException.unauthorized("the product identifier is not valid");
        }
        return products.findInProject(projectId, id).map(product -> {
            if (product == null || !Identifiers.matches(identifier, product.identifierHash)) {
                throw ApiException.unauthorized("the product identifier is not valid");
            }
            return product;
        });
    }
}
