package io.metalfleet.cert.api;

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

    /** Seed 001's project ids are 32 hex digits; the suite's are DNS-like names. Both fit. */
    public static final Pattern PROJECT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    @Inject
    JsonWebToken token;

    public void requireRead(String project) {
        requireVisible(project);
        if (!hasAnyRole("admin", "operator", "viewer")) {
            throw ApiException.forbidden("reading needs the admin, operator or viewer role");
        }
    }

    public void requireWrite(String project) {
        requireVisible(project);
        if (!hasAnyRole("admin", "operator")) {
            throw ApiException.forbidden("this change needs the admin or operator role");
        }
    }

    public void requireAdmin(String project) {
        requireVisible(project);
        if (!hasAnyRole("admin")) {
            throw ApiException.forbidden("CA rotation needs the admin role");
        }
    }

    public static void checkProjectId(String project) {
        if (project == null || !PROJECT_ID.matcher(project).matches()) {
            throw ApiException.badRequest("project_id", "must be 1-64 letters, digits, '_' and '-'");
        }
    }

    private void requireVisible(String project) {
        checkProjectId(project);
        Set<String> projects = projects();
        if (!projects.contains("*") && !projects.contains(project)) {
            throw ApiException.notFound("project " + project + " not found");
        }
    }

    private boolean hasAnyRole(String... roles) {
        Set<String> groups = token.getGroups();
        for (String role : roles) {
            if (groups != null && groups.contains(role)) {
                return true;
            }
        }
        return false;
    }

    private Set<String> projects() {
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
