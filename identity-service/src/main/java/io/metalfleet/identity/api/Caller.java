package io.metalfleet.identity.api;

import java.util.Set;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who calls, from the verified token: a user or service account ({@code groups} = admin, operator,
 * viewer) or a provider holding its root token ({@code groups} = provider, {@code sub} = provider id).
 */
@RequestScoped
public class Caller {

    public static final String PROVIDER_ROLE = "provider";

    @Inject
    JsonWebToken token;

    /** The subject; 401 when there is no verified token. */
    public String subject() {
        if (token == null || token.getSubject() == null) {
            throw ApiException.unauthorized();
        }
        return token.getSubject();
    }

    public boolean isAdmin() {
        return hasRole("admin");
    }

    public boolean isProvider() {
        return hasRole(PROVIDER_ROLE);
    }

    public void requireAdmin() {
        subject();
        if (!isAdmin()) {
            throw ApiException.forbidden();
        }
    }

    /** A user or service account (not a provider's root identity). */
    public void requireUser() {
        subject();
        if (isProvider() || !(hasRole("admin") || hasRole("operator") || hasRole("viewer"))) {
            throw ApiException.forbidden();
        }
    }

    private boolean hasRole(String role) {
        Set<String> groups = token == null ? null : token.getGroups();
        return groups != null && groups.contains(role);
    }
}
