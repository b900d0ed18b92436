package io.metalfleet.identity.security;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Set;

import javax.crypto.SecretKey;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;

import io.metalfleet.identity.config.IdentityConfig;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * How identity-service verifies bearer tokens on its own endpoints: with SmallRye JWT's own parser,
 * but against the key ring in memory instead of fetching its own JWKS over HTTP. A key retired here
 * is refused at once, and nothing blocks the event loop.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class IssuerJwtParser implements JWTParser {

    private final DefaultJWTParser delegate = new DefaultJWTParser();

    @Inject
    KeyRing keys;
    @Inject
    IdentityConfig config;

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        return delegate.parse(token, contextFor(token));
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return parse(token);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return delegate.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return delegate.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return delegate.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return delegate.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return delegate.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return delegate.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return delegate.parseOnly(token);
    }

    private JWTAuthContextInfo contextFor(String token) throws ParseException {
        String kid;
        try {
            JsonWebStructure structure = JsonWebStructure.fromCompactSerialization(token);
            if (!(structure instanceof JsonWebSignature)) {
                throw new ParseException("not a signed token");
            }
            kid = structure.getKeyIdHeaderValue();
        } catch (JoseException e) {
            throw new ParseException("malformed token", e);
        }
        PublicKey key = keys.publicKey(kid).orElseThrow(() -> new ParseException("unknown or retired signing key"));
        JWTAuthContextInfo context = new JWTAuthContextInfo(key, config.issuer());
        context.setExpectedAudience(Set.of(config.audience()));
        context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.ES256));
        context.setExpGracePeriodSecs((int) config.tokens().clockSkew().toSeconds());
        return context;
    }
}
