package io.metalfleet.provisioning.api;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who may act where, from the verified token: {@code groups} carry the role (admin, operator,
 * viewer), {@code projects} the projects the caller may see ({@code *} for all). A project the
 * caller cannot see answers 404, as if it did not exist; a role that may not act answers 403.
 */
@RequestScoped
public class ProjectAccess {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    @Inject
    JsonWebToken token;

    public void requireRead(String region, String project) {
        requireVisible(region, project);
        if (!hasAnyRole("admin", "operator", "viewer")) {
            throw ApiException.forbidden("reading operations needs the admin, operator or viewer role");
        }
    }

    public void requireWrite(String region, String project) {
        requireVisible(region, project);
        if (!hasAnyRole("admin", "operator")) {
            throw ApiException.forbidden("power operations need the admin or operator role");
        }
    }

    public void requireAdmin(String region, String project) {
        requireVisible(region, project);
        if (!hasAnyRole("admin")) {
            throw ApiException.forbidden("project default credentials need the admin role");
        }
    }

    public String subject() {
        return token.getSubject();
    }

    private void requireVisible(String region, String project) {
        if (!NAME.matcher(region).matches()) {
            throw ApiException.badRequest("region", "must be 1-63 lower-case letters, digits and '-'");
        }
        if (!NAME.matcher(project).matches()) {
            throw ApiException.badRequest("project", "must be 1-63 lower-case letters, digits and '-'");
        }
        Set<String> projects = projects();
        if (!projects.contains("*") && !projects.contains(project)) {
            throw ApiException.notFound("project " + project + " not found");
        }
    }

    public boolean hasAnyRole(String... roles) {
        Set<String> groups = token.getGroups();
        for (String role : roles) {
            if (groups != null && groups.contains(role)) {
                return true;
            }
        }
        return false;
    }

    /** The projects of the token's {@code projects} claim ({@code *} = all). */
    public Set<String> projects() {
        Object claim = token.getClaim("projects");
        Set<String> projects = new HashSet<>();
        if (claim instanceof JsonArray array) {
            array.forEach(v -> {
                if (v instanceof JsonString s) {
                    projects.add(s.getString());
                }
            });
        } else if (claim instanceof Collection<?> values) {
            values.forEach(v -> projects.add(String.valueOf(v)));
        } else if (claim instanceof String single) {
            projects.add(single);
        }
        return projects;
    }
}
