package io.metalfleet.provisioning.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import io.metalfleet.provisioning.config.ProvisioningConfig;

/**
 * Opens the BMC credentials inventory seals into server.enrolled: AES-256-GCM under the fleet seal key,
 * 12-byte nonce first, associated data = the server id, plaintext "username NUL password". Opened only
 * in memory, right before the engine needs them; never logged.
 */
@ApplicationScoped
public class CredentialUnsealer {

    /** Username and password in memory; toString hides the password. */
    public record Credentials(String username, String password) {
        @Override
        public String toString() {
            return username + ":***";
        }
    }

    private final SecretKeySpec key;
    private final String keyId;
    /**
     * One cipher per thread, initialised again for each nonce: looking the transformation up through the providers
     * showed in the profiles on every fleet command. A cipher holds no plaintext between calls.
     */
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available", e);
        }
    });

    public CredentialUnsealer(ProvisioningConfig config) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(config.credentials().sealKey().trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("metalfleet.credentials.seal-key is not base64");
        }
        if (raw.length != 32) {
            throw new IllegalStateException("metalfleet.credentials.seal-key must be 32 bytes, not " + raw.length);
        }
        this.key = new SecretKeySpec(raw, "AES");
        this.keyId = config.credentials().sealKeyId();
    }

    public Credentials open(String sealedKeyId, String ciphertext, String serverId) {
        if (!keyId.equals(sealedKeyId)) {
            throw new IllegalArgumentException("credentials sealed under unknown key " + sealedKeyId);
        }
        try {
            byte[] sealed = Base64.getDecoder().decode(ciphertext);
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 0, 12));
            cipher.updateAAD(serverId.getBytes(StandardCharsets.UTF_8));
            String plain = new String(cipher.doFinal(sealed, 12, sealed.length - 12), StandardCharsets.UTF_8);
            int nul = plain.indexOf('\0');
            if (nul < 0) {
                throw new IllegalArgumentException("sealed credentials are not username NUL password");
            }
            return new Credentials(plain.substring(0, nul), plain.substring(nul + 1));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("sealed credentials do not open under the fleet seal key");
        }
    }

    /** The engine's target for a server whose credentials arrived sealed; IllegalArgumentException when they do not open. */
    public io.metalfleet.provisioning.redfish.connector.BmcTarget target(String serverId, String endpoint, String sealedKeyId,
            String ciphertext) {
        if (ciphertext == null) {
            throw new IllegalArgumentException("no BMC credentials: enroll the server with bmcCredentials or set project defaults");
        }
        Credentials c = open(sealedKeyId, ciphertext, serverId);
        return new io.metalfleet.provisioning.redfish.connector.BmcTarget(serverId, endpoint, c.username(), c.password());
    }
}
