package io.metalfleet.identity.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import io.metalfleet.identity.config.IdentityConfig;

/**
 * The service's symmetric secrets, all derived from the one configured key-encryption key: AES-256-GCM
 * for private keys at rest, and a pepper for HMAC-SHA-256 of high-entropy secrets (client secrets,
 * provider root tokens, registration tokens). Those secrets carry 256 random bits, so a fast keyed
 * hash is as safe as a slow one and keeps client-credentials grants cheap; a stolen table without
 * the pepper is useless.
 */
@ApplicationScoped
public class SecretKeys {

    private static final int NONCE = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec encryption;
    private final SecretKeySpec pepper;

    public SecretKeys(IdentityConfig config) {
        byte[] master = Base64.getDecoder().decode(config.keys().encryptionKey());
        if (master.length != 32) {
            throw new IllegalStateException("metalfleet.keys.encryption-key must be base64 of 32 bytes");
        }
        this.encryption = new SecretKeySpec(derive(master, "metalfleet identity key-encryption v1"), "AES");
        this.pepper = new SecretKeySpec(derive(master, "metalfleet identity secret-pepper v1"), "HmacSHA256");
    }

    /** nonce | ciphertext | tag, with the key id as associated data so that a blob cannot be swapped between rows. */
    public byte[] encrypt(byte[] plain, String associated) {
        try {
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, encryption, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = new byte[NONCE + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE);
            System.arraycopy(sealed, 0, out, NONCE, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public byte[] decrypt(byte[] sealed, String associated) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, encryption, new GCMParameterSpec(128, sealed, 0, NONCE));
            cipher.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, NONCE, sealed.length - NONCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a private key cannot be decrypted: wrong metalfleet.keys.encryption-key?", e);
        }
    }

    /** HMAC-SHA-256 of a high-entropy secret under the pepper, hex. */
    public String hash(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(pepper);
            return HexFormat.of().formatHex(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of a presented secret with a stored hash. */
    public boolean matches(String secret, String storedHash) {
        if (secret == null || storedHash == null) {
            return false;
        }
        return MessageDigest.isEqual(hash(secret).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    /** A new secret of 256 random bits, URL-safe. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A new identifier: 128 random bits as 32 hex digits (the form of Onezone's ids). */
    public static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static byte[] derive(byte[] master, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master, "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
