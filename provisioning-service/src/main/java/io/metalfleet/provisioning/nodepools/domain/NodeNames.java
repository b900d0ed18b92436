package io.metalfleet.provisioning.nodepools.domain;

import java.util.Locale;

/**
 * A joining server's node name: {@code <pool name>-<first 10 letters and digits of the server id>}, a DNS label
 * (at most 50 + 1 + 10 characters) that cert-service accepts as a node's CN, stable for a server in a pool and
 * unique in practice (server ids are UUIDs).
 */
final class NodeNames {

    private NodeNames() {
    }

    static String of(String poolName, String serverId) {
        String token = serverId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return poolName + "-" + token.substring(0, Math.min(10, token.length()));
    }
}
