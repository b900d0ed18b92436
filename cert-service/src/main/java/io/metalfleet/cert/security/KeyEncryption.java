package io.metalfleet.cert.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import io.metalfleet.cert.config.CertConfig;

/**
 * AES-256-GCM under the key-encryption key for CA private keys at rest. The associated data binds
 * a ciphertext to its CA id, so a key blob copied onto another CA row does not decrypt.
 * Output: 12-byte nonce followed by ciphertext and tag.
 */
@ApplicationScoped
public class KeyEncryption {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final String keyId;
    private final SecureRandom random = new SecureRandom();

    public KeyEncryption(CertConfig config) {
        this.key = aesKey(config.keys().encryptionKey());
        this.keyId = config.keys().encryptionKeyId();
    }

    public String keyId() {
        return keyId;
    }

    public byte[] encrypt(byte[] plain, String boundTo) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    public byte[] decrypt(byte[] sealed, String boundTo) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a CA key does not decrypt under the configured key-encryption key", e);
        }
    }

    private static SecretKeySpec aesKey(String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("metalfleet.keys.encryption-key is not base64");
        }
        if (raw.length != 32) {
            throw new IllegalStateException("metalfleet.keys.encryption-key must be base64 of 32 bytes, not " + raw.length);
        }
        return new SecretKeySpec(raw, "AES");
    }
}
