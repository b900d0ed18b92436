package io.metalfleet.cert.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.metalfleet.cert.api.dto.CertificateView;
import io.metalfleet.cert.events.CertEvents;
import io.metalfleet.cert.events.EventTypes;
import io.metalfleet.cert.persistence.CertificateEntity;
import io.metalfleet.cert.persistence.CertificateRepository;
import io.metalfleet.cert.pki.Pki;
import io.smallrye.mutiny.Uni;

/**
 * Signs a certificate under a CA (pure CPU: callers run it on a worker thread) and records it with
 * its {@code certificate.issued} event in the caller's transaction.
 */
@ApplicationScoped
public class CertificateIssuer {

    @Inject
    CertificateRepository certificates;
    @Inject
    CertEvents events;
    @Inject
    ObjectMapper json;

    /** Who the certificate is for: stored with it and carried by its event. */
    public record Holder(String kind, String projectId, String clusterId, UUID productId, String nodeName, String renewedFrom) {
    }

    /** A signed certificate, not yet stored. */
    public record Signed(CertificateEntity row, List<String> sans, Authority.Ca ca) {
    }

    /** Signs {@code publicKey}; the lifetime never outlasts the CA's own. */
    public Signed sign(Authority.Ca ca, X500Name subject, SubjectPublicKeyInfo publicKey, GeneralNames sans, List<String> sanNames,
            Pki.Profile profile, Duration validity, Holder holder) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = now.plus(validity);
        if (notAfter.isAfter(ca.notAfter())) {
            notAfter = ca.notAfter();
        }
        X509CertificateHolder issuer = ca.certificate();
        X509CertificateHolder certificate = Pki.sign(ca.key(), issuer.getSubject(), issuer.getSubjectPublicKeyInfo(), subject,
                publicKey, profile, Pki.newSerial(), now.minus(1, ChronoUnit.MINUTES), notAfter, sans);
        CertificateEntity row = new CertificateEntity();
        row.serial = Pki.serialHex(certificate.getSerialNumber());
        row.caId = ca.id();
        row.kind = holder.kind();
        row.projectId = holder.projectId();
        row.clusterId = holder.clusterId();
        row.productId = holder.productId();
        row.nodeName = holder.nodeName();
        row.subject = subject.toString();
        row.sans = toJson(sanNames);
        try {
            row.publicKeySha256 = Pki.sha256Hex(publicKey.getEncoded());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        row.notBefore = certificate.getNotBefore().toInstant();
        row.notAfter = certificate.getNotAfter().toInstant();
        row.certificatePem = Pki.pem(certificate);
        row.status = "valid";
        row.renewedFrom = holder.renewedFrom();
        row.createdAt = now;
        return new Signed(row, sanNames, ca);
    }

    /** Stores the certificate and, when {@code announce}, its certificate.issued event (same transaction). */
    public Uni<CertificateEntity> record(Signed signed, boolean announce, CertEvents.JobContext job) {
        return recordAll(List.of(signed), announce, job).replaceWith(signed.row());
    }

    /** Stores certificates and their certificate.issued events in one statement, in the caller's transaction. */
    public Uni<Long> recordAll(List<Signed> signed, boolean announce, CertEvents.JobContext job) {
        if (signed.isEmpty()) {
            return Uni.createFrom().item(0L);
        }
        ArrayNode rows = json.createArrayNode();
        for (Signed one : signed) {
            CertificateEntity row = one.row();
            ObjectNode node = rows.addObject();
            node.put("serial", row.serial);
            node.put("ca_id", row.caId.toString());
            node.put("kind", row.kind);
            node.put("project_id", row.projectId);
            node.put("cluster_id", row.clusterId);
            node.put("product_id", row.productId == null ? null : row.productId.toString());
            node.put("node_name", row.nodeName);
            node.put("subject", row.subject);
            node.put("sans", row.sans);
            node.put("public_key_sha256", row.publicKeySha256);
            node.put("not_before", row.notBefore.toString());
            node.put("not_after", row.notAfter.toString());
            node.put("certificate_pem", row.certificatePem);
            node.put("renewed_from", row.renewedFrom);
            node.put("created_at", row.createdAt.toString());
            if (announce) {
                node.put("event_id", UUID.randomUUID().toString());
                node.putRawValue("event_payload", new com.fasterxml.jackson.databind.util.RawValue(
                        events.issued(row, one.sans(), one.ca().generation(), job)));
            }
        }
        return certificates.insertBatch(rows.toString(), EventTypes.CERTIFICATES_TOPIC, EventTypes.CERTIFICATE_ISSUED);
    }

    public CertificateView view(CertificateEntity row, String caBundle) {
        return new CertificateView(row.serial, row.subject, sans(row.sans), row.notBefore.getEpochSecond(),
                row.notAfter.getEpochSecond(), row.status, row.revocationReason == null ? null : Revocation.reasonName(row.revocationReason),
                row.certificatePem, caBundle);
    }

    public List<String> sans(String text) {
        try {
            return List.of(json.readValue(text, String[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored SANs are not a JSON array", e);
        }
    }

    private String toJson(List<String> values) {
        try {
            return json.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
