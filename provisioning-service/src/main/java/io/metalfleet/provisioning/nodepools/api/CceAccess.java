package io.metalfleet.provisioning.nodepools.api;

import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.metalfleet.provisioning.api.ApiException;

/**
 * Who may act on a CCE project (no region in these paths): viewers read, operators and admins change; a project
 * outside the token's {@code projects} claim ({@code *} = all) answers 404, as if it did not exist.
 */
@RequestScoped
public class CceAccess {

    private static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");

    @Inject
    JsonWebToken token;

    public void requireRead(String project) {
        requireVisible(project);
        requireRole("reading node pools and jobs needs the admin, operator or viewer role", "admin", "operator", "viewer");
    }

    public void requireWrite(String project) {
        requireVisible(project);
        requireRole("changing node pools needs the admin or operator role", "admin", "operator");
    }

    public String subject() {
        return token.getSubject();
    }

    private void requireVisible(String project) {
        if (!PROJECT.matcher(project).matches() || !visible(project)) {
            throw ApiException.notFound("project " + project + " not found");
        }
    }

    private void requireRole(String message, String... roles) {
        Set<String> groups = token.getGroups();
        for (String role : roles) {
            if (groups != null && groups.contains(role)) {
                return;
            }
        }
        throw ApiException.forbidden(message);
    }

    private boolean visible(String project) {
        Object claim = token.getClaim("projects");
        if (claim instanceof JsonArray array) {
            return array.stream().anyMatch(v -> v instanceof JsonString s && ("*".equals(s.getString()) || project.equals(s.getString())));
        }
        return claim instanceof String single && ("*".equals(single) || project.equals(single));
    }
}
