package io.metalfleet.cert.domain;

import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.X509CRLHolder;

import io.metalfleet.cert.api.ApiException;
import io.metalfleet.cert.api.dto.CertificateView;
import io.metalfleet.cert.config.CertConfig;
import io.metalfleet.cert.events.CertEvents;
import io.metalfleet.cert.events.EventTypes;
import io.metalfleet.cert.persistence.CaRepository;
import io.metalfleet.cert.persistence.CertificateEntity;
import io.metalfleet.cert.persistence.CertificateRepository;
import io.metalfleet.cert.persistence.OutboxRepository;
import io.metalfleet.cert.pki.Pki;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/** Revocation with RFC 5280 reason codes and the signed CRL of each CA. */
@ApplicationScoped
public class Revocation {

    /** RFC 5280 §5.3.1 reason names and codes (7 is unused there). */
    static final Map<String, Integer> REASONS = Map.of(
            "unspecified", CRLReason.unspecified, "keyCompromise", CRLReason.keyCompromise,
            "cACompromise", CRLReason.cACompromise, "affiliationChanged", CRLReason.affiliationChanged,
            "superseded", CRLReason.superseded, "cessationOfOperation", CRLReason.cessationOfOperation,
            "certificateHold", CRLReason.certificateHold, "privilegeWithdrawn", CRLReason.privilegeWithdrawn,
            "aACompromise", CRLReason.aACompromise);

    @Inject
    CertificateRepository certificates;
    @Inject
    CaService cas;
    @Inject
    CaRepository caRows;
    @Inject
    OutboxRepository outbox;
    @Inject
    CertEvents events;
    @Inject
    CertificateIssuer issuer;
    @Inject
    CertConfig config;
    @Inject
    Vertx vertx;

    public static String reasonName(int code) {
        return REASONS.entrySet().stream().filter(e -> e.getValue() == code).map(Map.Entry::getKey).findFirst()
                .orElse("unspecified");
    }

    public static int reasonCode(String name) {
        if (name == null || name.isEmpty()) {
            return CRLReason.unspecified;
        }
        Integer code = REASONS.get(name);
        if (code == null) {
            throw ApiException.badRequest("reason", "unknown reason '" + name + "', one of " + String.join(", ",
                    new java.util.TreeSet<>(REASONS.keySet())));
        }
        return code;
    }

    /** Revokes a certificate of the project (product or node); revoking twice answers the first revocation. */
    @WithTransaction
    public Uni<CertificateView> revoke(String projectId, String serial, String reason) {
        int code = reasonCode(reason);
        return find(projectId, serial).chain(row -> {
            if ("revoked".equals(row.status)) {
                return Uni.createFrom().item(issuer.view(row, null));
            }
            return revokeRow(row, code).map(revoked -> issuer.view(revoked, null));
        });
    }

    /** Revokes within the caller's transaction and writes {@code certificate.revoked}. */
    public Uni<CertificateEntity> revokeRow(CertificateEntity row, int code) {
        row.status = "revoked";
        row.revokedAt = CertEvents.now();
        row.revocationReason = code;
        return outbox.append(UUID.randomUUID(), EventTypes.CERTIFICATES_TOPIC, row.serial, EventTypes.CERTIFICATE_REVOKED,
                events.revoked(row, reasonName(code)), row.revokedAt).replaceWith(row);
    }

    @WithTransaction
    public Uni<CertificateView> get(String projectId, String serial) {
        return find(projectId, serial).map(row -> issuer.view(row, null));
    }

    /** A freshly signed CRL (DER) of the owner's CA generation ({@code null}: the one signing now). */
    @WithTransaction
    public Uni<byte[]> crl(String ownerType, String ownerId, Integer generation) {
        return cas.authority(ownerType, ownerId).chain(authority -> {
            Authority.Ca ca = generation == null ? authority.signerAt(Instant.now()) : authority.generation(generation);
            if (ca == null) {
                throw ApiException.notFound("no trusted CA generation " + generation);
            }
            return certificates.revokedUnder(ca.id())
                    .chain(revoked -> caRows.nextCrlNumber(ca.id()).chain(number -> vertx.executeBlocking(() -> {
                        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                        List<Pki.Revoked> entries = revoked.stream()
                                .map(r -> new Pki.Revoked(new BigInteger(r.serial, 16), r.revokedAt, r.revocationReason))
                                .toList();
                        X509CRLHolder crl = Pki.crl(ca.key(), ca.certificate(), entries, number, now,
                                now.plus(config.ca().crlValidity()));
                        return crl.getEncoded();
                    }, false)));
        });
    }

    private Uni<CertificateEntity> find(String projectId, String serial) {
        if (serial == null || !serial.matches("[0-9a-f]{1,40}")) {
            throw ApiException.notFound("certificate " + serial + " not found");
        }
        return certificates.findById(serial).map(row -> {
            if (row == null || !projectId.equals(row.projectId)) {
                throw ApiException.notFound("certificate " + serial + " not found");
            }
            return row;
        });
    }
}
