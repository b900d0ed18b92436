package io.metalfleet.cert.domain;

import java.security.KeyPair;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.X509CertificateHolder;
import org.jboss.logging.Logger;

import io.metalfleet.cert.config.CertConfig;
import io.metalfleet.cert.persistence.CaEntity;
import io.metalfleet.cert.persistence.CaRepository;
import io.metalfleet.cert.pki.Pki;
import io.metalfleet.cert.security.KeyEncryption;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Project and cluster CAs: created on first use, rotated on request, their keys encrypted at rest
 * and kept decrypted in memory for a short while (signing a node certificate must not cost a
 * database read and a key parse). Methods join the caller's session or transaction.
 */
@ApplicationScoped
public class CaService {

    public static final String PROJECT = "project";
    public static final String CLUSTER = "cluster";

    private static final Logger LOG = Logger.getLogger(CaService.class);

    @Inject
    CaRepository cas;
    @Inject
    KeyEncryption encryption;
    @Inject
    CertConfig config;
    @Inject
    Vertx vertx;

    private record Cached(Authority authority, Instant loadedAt) {
    }

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /** The owner's trusted CAs; creates generation 1 when the owner has none yet. */
    public Uni<Authority> authority(String ownerType, String ownerId) {
        String key = ownerType + "/" + ownerId;
        Cached cached = cache.get(key);
        if (cached != null && cached.loadedAt().plus(config.ca().cacheTtl()).isAfter(Instant.now())) {
            return Uni.createFrom().item(cached.authority());
        }
        return cas.trusted(ownerType, ownerId).chain(rows -> {
            if (!rows.isEmpty()) {
                Authority authority = decrypt(ownerType, ownerId, rows);
                // Only what was read back from the database is cached: a CA created in a transaction
                // that may still roll back must not outlive it.
                cache.put(key, new Cached(authority, Instant.now()));
                return Uni.createFrom().item(authority);
            }
            return create(ownerType, ownerId, 1, Instant.now())
                    .chain(ignored -> cas.trusted(ownerType, ownerId))
                    .map(created -> decrypt(ownerType, ownerId, created));
        });
    }

    /**
     * A new generation that signs from {@code signsFrom}; the old ones stay trusted until their
     * certificates expire (the sweep retires them).
     */
    public Uni<Authority> rotate(String ownerType, String ownerId, Instant signsFrom) {
        return authority(ownerType, ownerId)
                .chain(current -> cas.newest(ownerType, ownerId))
                .chain(newest -> create(ownerType, ownerId, newest.generation + 1, signsFrom))
                .invoke(() -> cache.remove(ownerType + "/" + ownerId))
                .chain(ignored -> cas.trusted(ownerType, ownerId))
                .map(rows -> decrypt(ownerType, ownerId, rows));
    }

    public void forgetAll() {
        cache.clear();
    }

    /** The key pair and self-signed certificate are made on a worker thread: RSA-3072 takes a while. */
    private Uni<Boolean> create(String ownerType, String ownerId, int generation, Instant signsFrom) {
        Pki.KeyType type = Pki.KeyType.parse(config.ca().keyAlgorithm());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        UUID id = UUID.randomUUID();
        return vertx.executeBlocking(() -> {
            KeyPair keys = Pki.generate(type);
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, "Metalfleet")
                    .addRDN(BCStyle.OU, ownerId)
                    .addRDN(BCStyle.CN, "Metalfleet " + ownerType + " CA G" + generation)
                    .build();
            // Back-dated a minute so that a node with a slightly slow clock accepts it at once.
            X509CertificateHolder certificate = Pki.selfSignedCa(keys, subject, now.minus(1, ChronoUnit.MINUTES),
                    now.plus(config.ca().validity()));
            CaEntity row = new CaEntity();
            row.id = id;
            row.ownerType = ownerType;
            row.ownerId = ownerId;
            row.generation = generation;
            row.status = "active";
            row.keyAlgorithm = keys.getPrivate().getAlgorithm();
            row.subject = subject.toString();
            row.serial = Pki.serialHex(certificate.getSerialNumber());
            row.certificatePem = Pki.pem(certificate);
            row.privateKey = encryption.encrypt(keys.getPrivate().getEncoded(), id.toString());
            row.keyId = encryption.keyId();
            row.notBefore = certificate.getNotBefore().toInstant();
            row.notAfter = certificate.getNotAfter().toInstant();
            row.signsFrom = signsFrom.truncatedTo(ChronoUnit.MICROS);
            row.createdAt = now;
            return row;
        }, false).chain(row -> cas.insertIfAbsent(row).invoke(inserted -> {
            if (inserted) {
                LOG.infof("created %s CA generation %d for %s (%s)", ownerType, generation, ownerId, row.keyAlgorithm);
            }
        }));
    }

    private Authority decrypt(String ownerType, String ownerId, List<CaEntity> rows) {
        List<Authority.Ca> list = new ArrayList<>(rows.size());
        for (CaEntity row : rows) {
            try {
                X509CertificateHolder certificate = Pki.parseCertificate(row.certificatePem);
                byte[] pkcs8 = encryption.decrypt(row.privateKey, row.id.toString());
                list.add(new Authority.Ca(row.id, row.generation, certificate, row.certificatePem,
                        Pki.privateKey(pkcs8, row.keyAlgorithm), row.signsFrom, row.notAfter));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("stored CA certificate " + row.id + " does not parse", e);
            }
        }
        return new Authority(ownerType, ownerId, List.copyOf(list));
    }
}
