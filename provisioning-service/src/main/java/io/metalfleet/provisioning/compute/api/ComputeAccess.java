package io.metalfleet.provisioning.compute.api;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import io.metalfleet.provisioning.api.ApiException;
import io.metalfleet.provisioning.api.ProjectAccess;

/**
 * Accounts of seed 002 are the projects of the token's {@code projects} claim ({@code *} = every account). An account
 * the caller cannot see is 404 itemNotFound, as if it did not exist. Roles: viewer+ read, operator+ create and delete
 * servers, admin manages the catalogs.
 */
@RequestScoped
public class ComputeAccess {

    private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    @Inject
    ProjectAccess access;

    public String read(String account) {
        return require(account, "reading needs the admin, operator or viewer role", "admin", "operator", "viewer");
    }

    public String write(String account) {
        return require(account, "creating and deleting servers needs the admin or operator role", "admin", "operator");
    }

    public String admin(String account) {
        return require(account, "managing flavors, images and security groups needs the admin role", "admin");
    }

    /** The account of {@code /servers} without one in the path: the token's only project. */
    public String fromToken() {
        Set<String> projects = access.projects();
        if (projects.size() != 1 || projects.contains("*")) {
            throw new ApiException(400, "The account cannot be told from the token (it names " + (projects.contains("*")
                    ? "every project" : projects.size() + " projects") + "): use /accounts/{accountId}/flexcloud/servers", List.of());
        }
        return projects.iterator().next();
    }

    public String subject() {
        return access.subject();
    }

    private String require(String account, String forbidden, String... roles) {
        Set<String> projects = access.projects();
        if (account == null || !ACCOUNT.matcher(account).matches() || !(projects.contains("*") || projects.contains(account))) {
            throw new ApiException(404, "Resource not found", List.of());
        }
        if (!access.hasAnyRole(roles)) {
            throw new ApiException(403, forbidden, List.of());
        }
        return account;
    }
}
