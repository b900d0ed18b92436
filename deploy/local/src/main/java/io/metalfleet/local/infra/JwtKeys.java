package io.metalfleet.local.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;

/**
 * The local signing key of the stack and the tests, until identity-service issues the suite's
 * tokens: an EC P-256 key pair as PEM files (PKCS#8 private key, X.509 public key) and ES256 tokens
 * carrying the claims the services read ({@code sub}, {@code groups}, {@code projects}).
 */
public final class JwtKeys {

    public static final String DEFAULT_ISSUER = "https://identity.metalfleet.local";
    public static final String DEFAULT_AUDIENCE = "metalfleet";
    public static final String KEY_ID = "metalfleet-local-1";

    private final Path privateKeyPem;
    private final Path publicKeyPem;

    private JwtKeys(Path privateKeyPem, Path publicKeyPem) {
        this.privateKeyPem = privateKeyPem;
        this.publicKeyPem = publicKeyPem;
    }

    /** Loads the pair from {@code dir}, generating it first when missing. */
    public static JwtKeys inDirectory(Path dir) throws IOException {
        Path privatePem = dir.resolve("jwt-private.pem");
        Path publicPem = dir.resolve("jwt-public.pem");
        if (!Files.exists(privatePem) || !Files.exists(publicPem)) {
            Files.createDirectories(dir);
            KeyPair pair = generate();
            write(privatePem, "PRIVATE KEY", pair.getPrivate().getEncoded());
            Files.setPosixFilePermissions(privatePem, PosixFilePermissions.fromString("rw-------"));
            write(publicPem, "PUBLIC KEY", pair.getPublic().getEncoded());
        }
        return new JwtKeys(privatePem, publicPem);
    }

    public Path publicKeyPem() {
        return publicKeyPem;
    }

    public Path privateKeyPem() {
        return privateKeyPem;
    }

    /** A signed ES256 token for {@code subject} with the given roles and projects. */
    public String token(String subject, Set<String> roles, List<String> projects, Duration lifetime) {
        return token(DEFAULT_ISSUER, DEFAULT_AUDIENCE, subject, roles, projects, lifetime);
    }

    public String token(String issuer, String audience, String subject, Set<String> roles, List<String> projects,
            Duration lifetime) {
        return Jwt.issuer(issuer)
                .audience(audience)
                .subject(subject)
                .upn(subject)
                .groups(roles)
                .claim("projects", projects)
                .expiresIn(lifetime)
                .jws()
                .algorithm(SignatureAlgorithm.ES256)
                .keyId(KEY_ID)
                .sign(privateKey());
    }

    private PrivateKey privateKey() {
        try {
            String pem = Files.readString(privateKeyPem, StandardCharsets.US_ASCII);
            String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the signing key " + privateKeyPem, e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is not available in this JVM", e);
        }
    }

    private static void write(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n",
                StandardCharsets.US_ASCII);
    }
}
