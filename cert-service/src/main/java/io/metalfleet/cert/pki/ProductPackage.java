package io.metalfleet.cert.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * The product package of seed 001: a tar.gz holding the product certificate, its private key and the
 * CA certificate as PEM files under a directory named after the product, base64-encoded.
 */
public final class ProductPackage {

    public static final String CERTIFICATE = "product.crt";
    public static final String PRIVATE_KEY = "product.key";
    public static final String CA = "ca.crt";

    private ProductPackage() {
    }

    public static String build(String productName, String certificatePem, String privateKeyPem, String caPem, Instant at) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            add(tar, productName + "/" + CERTIFICATE, certificatePem, 0644, at);
            // Only the owner may read the key once the package is unpacked.
            add(tar, productName + "/" + PRIVATE_KEY, privateKeyPem, 0600, at);
            add(tar, productName + "/" + CA, caPem, 0644, at);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private static void add(TarArchiveOutputStream tar, String name, String content, int mode, Instant at) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.US_ASCII);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(data.length);
        entry.setMode(mode);
        entry.setModTime(Date.from(at));
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }
}
