package io.metalfleet.provisioning.nodepools.pki;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import io.metalfleet.provisioning.nodepools.NodePoolConfig;

/**
 * Nodes' private keys at rest: the PKCS#8 encoding sealed with AES-256-GCM under the node-key encryption key,
 * a 12-byte random nonce first, associated data = the server id (a sealed key copied to another row does not
 * open). Plaintext keys exist only in memory, never in a log, an event or a response.
 */
@ApplicationScoped
public class NodeKeySealer {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final String keyId;

    public NodeKeySealer(NodePoolConfig config) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(config.nodeKeys().encryptionKey().trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("metalfleet.nodepools.node-keys.encryption-key is not base64");
        }
        if (raw.length != 32) {
            throw new IllegalStateException("metalfleet.nodepools.node-keys.encryption-key must be 32 bytes, not " + raw.length);
        }
        this.key = new SecretKeySpec(raw, "AES");
        this.keyId = config.nodeKeys().encryptionKeyId();
    }

    public String keyId() {
        return keyId;
    }

    /** Base64 of nonce + ciphertext + tag. */
    public String seal(PrivateKey privateKey, String serverId) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(serverId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(privateKey.getEncoded());
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not seal a node key", e);
        }
    }

    /** The PKCS#8 encoding of a sealed key (for the node's delivery and for tests). */
    public byte[] open(String sealed, String serverId) {
        try {
            byte[] raw = Base64.getDecoder().decode(sealed);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, raw, 0, 12));
            cipher.updateAAD(serverId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(raw, 12, raw.length - 12);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the sealed node key does not open under the node-key encryption key");
        }
    }
}
