package io.metalfleet.provisioning.compute.api.dto;

import java.util.List;

/** A HATEOAS link as the seed writes it: {@code {"href":"http://…/accounts/a/flexcloud/images/x/","rel":"self"}}. */
public record Link(String href, String rel) {

    /** self (absolute, as the seed) and bookmark (the same resource without the host: stable across API endpoints). */
    public static List<Link> of(String baseUrl, String account, String collection, String id) {
        String path = "/accounts/" + account + "/flexcloud/" + collection + "/" + id + "/";
        return List.of(new Link(baseUrl + path, "self"), new Link(path, "bookmark"));
    }
}
