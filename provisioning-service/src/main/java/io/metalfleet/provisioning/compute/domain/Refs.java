package io.metalfleet.provisioning.compute.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * Catalog references as the seed writes them: absolute URLs whose last path segment is the id
 * ({@code http://api/accounts/a/flexcloud/images/test_public_image/}, trailing slash or not). A bare id is accepted
 * too, as OpenStack does. The segment before the id must name the right collection.
 */
public final class Refs {

    /** Ids of catalog items: what fits in a path segment without escaping. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Refs() {
    }

    /** The id a reference points at in {@code collection} (e.g. "images"), or null when it is not such a reference. */
    public static String idOf(String ref, String collection) {
        if (ref == null || ref.isBlank() || ref.length() > 2048) {
            return null;
        }
        if (ID.matcher(ref).matches()) {
            return ref;
        }
        try {
            URI uri = new URI(ref);
            if (!uri.isAbsolute() || uri.getRawPath() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                return null;
            }
            String path = uri.getRawPath().replaceAll("/+$", "");
            int cut = path.lastIndexOf('/');
            if (cut <= 0) {
                return null;
            }
            String id = path.substring(cut + 1);
            String parent = path.substring(0, cut);
            if (!parent.endsWith("/" + collection) || !ID.matcher(id).matches()) {
                return null;
            }
            return id;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
