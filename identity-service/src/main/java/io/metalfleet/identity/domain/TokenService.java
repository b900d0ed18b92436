package io.metalfleet.identity.domain;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.metalfleet.identity.api.Caller;
import io.metalfleet.identity.api.OAuthException;
import io.metalfleet.identity.persistence.ClientCredentialsLookup;
import io.metalfleet.identity.persistence.UserRepository;
import io.metalfleet.identity.security.LoginThrottle;
import io.metalfleet.identity.security.PasswordHasher;
import io.metalfleet.identity.security.SecretKeys;
import io.metalfleet.identity.security.TokenSigner;
import io.metalfleet.identity.security.TokenSigner.SignedToken;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The OAuth 2.0 grants. The database session is closed before the password is hashed, so a slow
 * Argon2id never holds a connection; client secrets and provider root tokens are checked with a
 * peppered HMAC (they are 256-bit random), which is what makes thousands of grants a second possible.
 */
@ApplicationScoped
public class TokenService {

    @Inject
    UserRepository users;
    @Inject
    ClientCredentialsLookup clients;
    @Inject
    PasswordHasher passwords;
    @Inject
    SecretKeys secrets;
    @Inject
    LoginThrottle throttle;
    @Inject
    TokenSigner signer;

    /** Who a token is issued to. */
    private record Grantee(String subject, String name, List<String> roles, List<String> projects) {
    }

    public Uni<SignedToken> password(String username, String password) {
        String key = "user:" + username;
        throttle.check(key, Instant.now());
        return Panache.withSession(() -> users.find("username", username).firstResult())
                .chain(user -> passwords.verify(password, user == null ? null : user.passwordHash)
                        .map(ok -> ok ? new Grantee(user.id, user.username, user.roles, user.projects) : null))
                .map(grantee -> issue(key, grantee, OAuthException.invalidGrant()));
    }

    /**
     * A service account by its client id, or a provider by its id with its root token as the secret.
     * One prepared statement on the pool, no Hibernate session (see ClientCredentialsLookup).
     */
    public Uni<SignedToken> clientCredentials(String clientId, String clientSecret) {
        String key = "client:" + clientId;
        throttle.check(key, Instant.now());
        return clients.find(clientId).map(client -> {
            if (client == null || !secrets.matches(clientSecret, client.secretHash())) {
                return null;
            }
            return client.provider()
                    ? new Grantee(client.id(), "provider:" + client.name(), List.of(Caller.PROVIDER_ROLE), List.of(client.id()))
                    : new Grantee(client.id(), client.name(), client.roles(), client.projects());
        }).map(grantee -> issue(key, grantee, OAuthException.invalidClient()));
    }

    private SignedToken issue(String throttleKey, Grantee grantee, OAuthException refusal) {
        Instant now = Instant.now();
        if (grantee == null) {
            throttle.failed(throttleKey, now);
            throw refusal;
        }
        throttle.succeeded(throttleKey);
        return signer.sign(grantee.subject(), grantee.name(), grantee.roles(), grantee.projects(), now);
    }
}
