package io.metalfleet.identity.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import io.metalfleet.identity.config.IdentityConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Argon2id password hashes in the PHC string format
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), computed by BouncyCastle on a small pool of
 * its own: hashing is tens of milliseconds of CPU and megabytes of memory, so it never runs on the
 * event loop and never more than {@code hashing-threads} at once.
 */
@ApplicationScoped
public class PasswordHasher {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final IdentityConfig.Passwords params;
    private final ExecutorService pool;
    /** Verified against for unknown users, so that a wrong username costs as much time as a wrong password. */
    private final String decoy;

    public PasswordHasher(IdentityConfig config) {
        this.params = config.passwords();
        this.pool = Executors.newFixedThreadPool(Math.max(1, params.hashingThreads()), runnable -> {
            Thread thread = new Thread(runnable, "password-hashing");
            thread.setDaemon(true);
            return thread;
        });
        this.decoy = hashNow("decoy password that matches nothing");
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    public Uni<String> hash(String password) {
        return offload(() -> hashNow(password));
    }

    /** True when {@code password} matches {@code stored}; a null {@code stored} (unknown user) costs the same and is false. */
    public Uni<Boolean> verify(String password, String stored) {
        return offload(() -> stored == null ? verifyNow(password, decoy) && false : verifyNow(password, stored));
    }

    String hashNow(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] hash = argon2(password, salt, params.memoryKib(), params.iterations(), params.parallelism(), 32);
        return "$argon2id$v=19$m=" + params.memoryKib() + ",t=" + params.iterations() + ",p=" + params.parallelism()
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** Reads the parameters from the stored string, so that hashes made under older settings still verify. */
    boolean verifyNow(String password, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 6 || !"argon2id".equals(parts[1])) {
            return false;
        }
        int memory = 0;
        int iterations = 0;
        int parallelism = 0;
        for (String setting : parts[3].split(",")) {
            String[] kv = setting.split("=");
            int value = Integer.parseInt(kv[1]);
            switch (kv[0]) {
                case "m" -> memory = value;
                case "t" -> iterations = value;
                case "p" -> parallelism = value;
                default -> {
                    return false;
                }
            }
        }
        byte[] salt = B64D.decode(parts[4]);
        byte[] expected = B64D.decode(parts[5]);
        byte[] actual = argon2(password, salt, memory, iterations, parallelism, expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] argon2(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }

    /** Runs on the hashing pool and comes back on the caller's Vert.x context (Hibernate Reactive needs it). */
    private <T> Uni<T> offload(Supplier<T> work) {
        Context context = Vertx.currentContext();
        Uni<T> off = Uni.createFrom().item(work).runSubscriptionOn(pool);
        return context == null ? off : off.emitOn(command -> context.runOnContext(ignored -> command.run()));
    }
}
