package io.metalfleet.provisioning.nodepools.api;

import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import io.metalfleet.provisioning.api.ApiException;
import io.metalfleet.provisioning.api.ProjectAccess;

/**
 * Who may act on a CCE project (no region in these paths), from the token as {@link ProjectAccess} reads it: viewers
 * read, operators and admins change; a project outside the token's {@code projects} claim ({@code *} = all)
 * answers 404, as if it did not exist.
 */
@RequestScoped
public class CceAccess {

    private static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");

    @Inject
    ProjectAccess access;

    public void requireRead(String project) {
        require(project, "reading node pools and jobs needs the admin, operator or viewer role", "admin", "operator", "viewer");
    }

    public void requireWrite(String project) {
        require(project, "changing node pools needs the admin or operator role", "admin", "operator");
    }

    public String subject() {
        return access.subject();
    }

    private void require(String project, String forbidden, String... roles) {
        Set<String> projects = access.projects();
        if (!PROJECT.matcher(project).matches() || !(projects.contains("*") || projects.contains(project))) {
            throw ApiException.notFound("project " + project + " not found");
        }
        if (!access.hasAnyRole(roles)) {
            throw ApiException.forbidden(forbidden);
        }
    }
}
