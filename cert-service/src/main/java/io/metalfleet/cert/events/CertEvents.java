package io.metalfleet.cert.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.metalfleet.cert.persistence.CertificateEntity;
import io.metalfleet.cert.persistence.ProductEntity;

/**
 * The payloads (CloudEvents {@code data}) this service produces. Public material only: certificates,
 * serials and names; never a private key or an identifier.
 */
@ApplicationScoped
public class CertEvents {

    @Inject
    ObjectMapper json;

    /** Where a node certificate came from, when a provisioning job asked for it. */
    public record JobContext(String jobId, String serverId) {
    }

    public String issued(CertificateEntity certificate, List<String> sans, int caGeneration, JobContext job) {
        Map<String, Object> data = certificate(certificate);
        data.put("sans", sans);
        data.put("caGeneration", caGeneration);
        data.put("renewedFrom", certificate.renewedFrom);
        if (job != null) {
            data.put("jobId", job.jobId());
            data.put("serverId", job.serverId());
        }
        data.put("certificate", certificate.certificatePem);
        return write(data);
    }

    public String revoked(CertificateEntity certificate, String reason) {
        Map<String, Object> data = certificate(certificate);
        data.put("reason", reason);
        data.put("revokedAt", certificate.revokedAt);
        return write(data);
    }

    public String productCreated(ProductEntity product, CertificateEntity certificate) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("productId", product.id.toString());
        data.put("projectId", product.projectId);
        data.put("name", product.name);
        data.put("certificateSerial", certificate.serial);
        data.put("notAfter", certificate.notAfter);
        data.put("createdAt", product.createdAt);
        return write(data);
    }

    private static Map<String, Object> certificate(CertificateEntity certificate) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("serial", certificate.serial);
        data.put("kind", certificate.kind);
        data.put("subject", certificate.subject);
        data.put("projectId", certificate.projectId);
        data.put("clusterId", certificate.clusterId);
        data.put("productId", certificate.productId == null ? null : certificate.productId.toString());
        data.put("nodeName", certificate.nodeName);
        data.put("caId", certificate.caId.toString());
        data.put("notBefore", certificate.notBefore);
        data.put("notAfter", certificate.notAfter);
        return data;
    }

    public String write(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event payload cannot be written", e);
        }
    }

    public static Instant now() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }
}
