package io.metalfleet.cert.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

import io.metalfleet.cert.pki.Pki;

/**
 * Product identifiers: {@code <product id>.<32 random bytes, base64url>}. The id part finds the
 * product; only the SHA-256 of the whole is stored (the secret is 256 random bits, so a plain hash is
 * enough, unlike a password) and compared in constant time.
 */
public final class Identifiers {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Identifiers() {
    }

    public static String newIdentifier(UUID productId) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return productId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    public static String hash(String identifier) {
        return Pki.sha256Hex(identifier.getBytes(StandardCharsets.UTF_8));
    }

    /** The product id an identifier names, or null when it is not shaped like one. */
    public static UUID productId(String identifier) {
        int dot = identifier == null ? -1 : identifier.indexOf('.');
        if (dot != 36) {
            return null;
        }
        try {
            return UUID.fromString(identifier.substring(0, dot));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static boolean matches(String identifier, String storedHash) {
        return MessageDigest.isEqual(HexFormat.of().parseHex(hash(identifier)), HexFormat.of().parseHex(storedHash));
    }
}
