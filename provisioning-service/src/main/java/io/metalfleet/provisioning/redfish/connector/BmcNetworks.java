package io.metalfleet.provisioning.redfish.connector;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The networks the engine may open a connection to (CIDR list). An operator names the BMC networks so
 * that an address mistyped or enrolled by mistake is refused before any packet leaves; the local
 * stack keeps the engine on loopback, where its simulated fleet lives. With an allow-list, only IP
 * literals (and {@code localhost}) are accepted: a DNS name is refused without being looked up. An
 * empty list allows every address.
 */
public final class BmcNetworks {

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private record Cidr(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int bits = address.length * 8;
            BigInteger mask = prefix == 0 ? BigInteger.ZERO
                    : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftRight(bits - prefix).shiftLeft(bits - prefix);
            return new BigInteger(1, address).and(mask).equals(new BigInteger(1, network).and(mask));
        }
    }

    private final List<Cidr> allowed;

    private BmcNetworks(List<Cidr> allowed) {
        this.allowed = allowed;
    }

    public static BmcNetworks any() {
        return new BmcNetworks(List.of());
    }

    /** Parses "127.0.0.0/8, ::1/128, 10.20.0.0/16"; a bad entry fails at start, not at the first BMC. */
    public static BmcNetworks parse(List<String> cidrs) {
        List<Cidr> parsed = new ArrayList<>();
        for (String entry : cidrs) {
            String cidr = entry.trim();
            if (cidr.isEmpty()) {
                continue;
            }
            String[] parts = cidr.split("/", 2);
            byte[] network = literal(parts[0]);
            if (network == null) {
                throw new IllegalArgumentException("not an IP network: " + cidr);
            }
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("bad prefix length in " + cidr);
            }
            parsed.add(new Cidr(network, prefix));
        }
        return new BmcNetworks(List.copyOf(parsed));
    }

    public boolean allows(String host) {
        if (allowed.isEmpty()) {
            return true;
        }
        byte[] address = "localhost".equalsIgnoreCase(host) ? new byte[] { 127, 0, 0, 1 } : literal(host);
        return address != null && allowed.stream().anyMatch(cidr -> cidr.contains(address));
    }

    private static byte[] literal(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!IP_LITERAL.matcher(bare).matches()) {
            return null;
        }
        try {
            // A literal of digits, dots and colons: parsed, never looked up.
            return InetAddress.getByName(bare).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
