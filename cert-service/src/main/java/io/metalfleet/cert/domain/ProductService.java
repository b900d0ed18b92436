package io.metalfleet.cert.domain;

import java.security.KeyPair;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.metalfleet.cert.api.ApiException;
import io.metalfleet.cert.api.dto.ProductList;
import io.metalfleet.cert.api.dto.ProductRequest;
import io.metalfleet.cert.api.dto.ProductView;
import io.metalfleet.cert.config.CertConfig;
import io.metalfleet.cert.events.CertEvents;
import io.metalfleet.cert.events.EventTypes;
import io.metalfleet.cert.persistence.CertificateRepository;
import io.metalfleet.cert.persistence.OutboxRepository;
import io.metalfleet.cert.persistence.ProductEntity;
import io.metalfleet.cert.persistence.ProductRepository;
import io.metalfleet.cert.pki.Pki;
import io.metalfleet.cert.pki.ProductPackage;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Products of seed 001: a product certificate and key signed by the project CA, the package, and the
 * identifier. The key and the identifier leave this service once, in the creation answer.
 */
@ApplicationScoped
public class ProductService {

    @Inject
    ProductRepository products;
    @Inject
    CertificateRepository certificates;
    @Inject
    CaService cas;
    @Inject
    CertificateIssuer issuer;
    @Inject
    Revocation revocation;
    @Inject
    OutboxRepository outbox;
    @Inject
    CertEvents events;
    @Inject
    CertConfig config;
    @Inject
    ObjectMapper json;
    @Inject
    Vertx vertx;

    /** What the worker thread made: the stored rows and what is shown once. */
    private record Made(ProductEntity product, CertificateIssuer.Signed signed, String caPem, String privateKeyPem,
            String packageBase64, String identifier) {
    }

    @WithTransaction
    public Uni<ProductView> create(String projectId, ProductRequest request, String iefInstanceId) {
        return products.nameTaken(projectId, request.name()).chain(taken -> {
            if (taken) {
                throw ApiException.conflict("a product named " + request.name() + " already exists in project " + projectId);
            }
            return cas.authority(CaService.PROJECT, projectId);
        }).chain(authority -> vertx.executeBlocking(() -> make(projectId, request, iefInstanceId, authority), false))
                .chain(made -> issuer.record(made.signed(), false, null)
                        .chain(certificate -> products.persist(made.product()))
                        .call(product -> outbox.append(UUID.randomUUID(), EventTypes.CERTIFICATES_TOPIC, product.id.toString(),
                                EventTypes.PRODUCT_CREATED, events.productCreated(product, made.signed().row()), CertEvents.now()))
                        .map(product -> view(product, made.signed().row().certificatePem, made.caPem(), made.privateKeyPem(),
                                made.packageBase64(), made.identifier())));
    }

    @WithSession
    public Uni<ProductView> get(String projectId, String id) {
        return found(projectId, id).chain(this::publicView);
    }

    @WithSession
    public Uni<ProductList> list(String projectId, String name, int offset, int limit) {
        return products.countIn(projectId, name).chain(count -> products.page(projectId, name, offset, limit)
                .chain(rows -> cas.authority(CaService.PROJECT, projectId).chain(authority -> certificatesOf(rows)
                        .map(pems -> new ProductList(count, rows.stream()
                                .map(row -> view(row, pems.get(row.certificateSerial), authority.bundlePem(), null, null, null))
                                .toList())))));
    }

    /** Deletes the product and revokes its certificate (cessationOfOperation): its identifier stops working. */
    @WithTransaction
    public Uni<Void> delete(String projectId, String id) {
        return found(projectId, id).chain(product -> certificates.findById(product.certificateSerial)
                .chain(certificate -> "revoked".equals(certificate.status) ? Uni.createFrom().item(certificate)
                        : revocation.revokeRow(certificate, org.bouncycastle.asn1.x509.CRLReason.cessationOfOperation))
                .chain(() -> products.delete(product)));
    }

    private Made make(String projectId, ProductRequest request, String iefInstanceId, Authority authority) {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        KeyPair keys = Pki.generate(Pki.KeyType.EC_P256);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, projectId)
                .addRDN(BCStyle.OU, request.name())
                .addRDN(BCStyle.CN, id.toString())
                .build();
        Authority.Ca ca = authority.signerAt(Instant.now());
        CertificateIssuer.Signed signed = issuer.sign(ca, subject, SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()),
                null, List.of(), Pki.Profile.PRODUCT, config.certificates().productValidity(),
                new CertificateIssuer.Holder("product", projectId, null, id, null, null));
        String keyPem = Pki.privateKeyPem(keys.getPrivate());
        String caPem = authority.bundlePem();
        String identifier = Identifiers.newIdentifier(id);
        ProductEntity product = new ProductEntity();
        product.id = id;
        product.projectId = projectId;
        product.name = request.name();
        product.description = request.description() == null ? "" : request.description();
        product.attributes = write(request.attributes() == null ? Map.of() : request.attributes());
        product.tags = write(request.tags() == null ? List.of() : request.tags());
        product.iefInstanceId = iefInstanceId;
        product.certificateSerial = signed.row().serial;
        product.identifierHash = Identifiers.hash(identifier);
        product.createdAt = now;
        String packageBase64 = ProductPackage.build(request.name(), signed.row().certificatePem, keyPem, caPem, now);
        return new Made(product, signed, caPem, keyPem, packageBase64, identifier);
    }

    private Uni<ProductEntity> found(String projectId, String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("product " + id + " not found");
        }
        return products.findInProject(projectId, uuid).onItem().ifNull()
                .failWith(() -> ApiException.notFound("product " + id + " not found"));
    }

    private Uni<ProductView> publicView(ProductEntity product) {
        return certificates.findById(product.certificateSerial).chain(certificate -> cas.authority(CaService.PROJECT,
                product.projectId).map(authority -> view(product, certificate.certificatePem, authority.bundlePem(), null, null, null)));
    }

    private Uni<Map<String, String>> certificatesOf(List<ProductEntity> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return certificates.list("serial in ?1", rows.stream().map(r -> r.certificateSerial).toList()).map(found -> {
            Map<String, String> pems = new LinkedHashMap<>();
            found.forEach(c -> pems.put(c.serial, c.certificatePem));
            return pems;
        });
    }

    private ProductView view(ProductEntity row, String certificatePem, String caPem, String privateKey, String packageBase64,
            String identifier) {
        try {
            Map<String, ProductRequest.ProductAttributes> attributes = json.readValue(row.attributes,
                    new TypeReference<LinkedHashMap<String, ProductRequest.ProductAttributes>>() { });
            List<ProductRequest.Attribute> tags = json.readValue(row.tags, new TypeReference<List<ProductRequest.Attribute>>() { });
            return new ProductView(row.id.toString(), row.name, row.description, attributes, row.projectId,
                    row.createdAt.getEpochSecond(), tags, privateKey, certificatePem, caPem, packageBase64, identifier);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored product " + row.id + " does not read back", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
