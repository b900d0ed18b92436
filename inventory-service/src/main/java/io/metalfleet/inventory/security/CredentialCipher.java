package io.metalfleet.inventory.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import io.metalfleet.inventory.config.InventoryConfig;

/**
 * AES-256-GCM for BMC credentials, under two keys: the at-rest key (only this service has it) for
 * the database, and the fleet seal key (shared with provisioning-service) for events. The
 * associated data binds a ciphertext to the server it belongs to, so a blob copied onto another
 * server does not decrypt. Output: 12-byte nonce followed by ciphertext and tag.
 */
@ApplicationScoped
public class CredentialCipher {

    public static final String AT_REST_KEY_ID = "at-rest-1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec atRestKey;
    private final SecretKeySpec sealKey;
    private final String sealKeyId;
    private final SecureRandom random = new SecureRandom();

    public CredentialCipher(InventoryConfig config) {
        this.atRestKey = aesKey(config.credentials().atRestKey(), "metalfleet.credentials.at-rest-key");
        this.sealKey = aesKey(config.credentials().sealKey(), "metalfleet.credentials.seal-key");
        this.sealKeyId = config.credentials().sealKeyId();
    }

    /** Username and password as stored: JSON-free "username\0password" under the at-rest key. */
    public byte[] encryptAtRest(BmcCredentials credentials, String boundTo) {
        return encrypt(atRestKey, credentials.encoded(), boundTo);
    }

    public BmcCredentials decryptAtRest(byte[] sealed, String boundTo) {
        return BmcCredentials.decode(decrypt(atRestKey, sealed, boundTo));
    }

    /** The credentials as they travel in {@code server.enrolled}: base64 under the fleet seal key. */
    public String seal(BmcCredentials credentials, String serverId) {
        return Base64.getEncoder().encodeToString(encrypt(sealKey, credentials.encoded(), serverId));
    }

    public String sealKeyId() {
        return sealKeyId;
    }

    private byte[] encrypt(SecretKeySpec key, byte[] plain, String boundTo) {
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

    private byte[] decrypt(SecretKeySpec key, byte[] sealed, String boundTo) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored credentials do not decrypt under the configured key", e);
        }
    }

    private static SecretKeySpec aesKey(String base64, String property) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " is not base64");
        }
        if (key.length != 32) {
            throw new IllegalStateException(property + " must be 32 bytes (base64 of 32 random bytes), not " + key.length);
        }
        return new SecretKeySpec(key, "AES");
    }
}
