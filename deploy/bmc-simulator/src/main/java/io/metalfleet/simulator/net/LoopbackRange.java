package io.metalfleet.simulator.net;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * The addresses of an address-per-BMC fleet: BMC {@code i} is {@code first + i}, consecutive IPv4 addresses
 * inside 127.0.0.0/8. Linux routes the whole block to {@code lo}, so they need no configuration. Never handed
 * out: 127.0.0.1 (the machine's own, where the control API and every other local service listen), 127.0.0.0
 * (the block's network address) and 127.255.255.255 (its broadcast address: connect() fails with "Network is
 * unreachable").
 *
 * @param first the first address as an unsigned 32-bit value
 * @param size  how many consecutive addresses
 */
public record LoopbackRange(int first, int size) {

    /** 127.0.0.2: above the network address and the machine's own 127.0.0.1. */
    private static final long LOWEST = 0x7F000002L;
    /** 127.255.255.254: below the broadcast address. */
    private static final long HIGHEST = 0x7FFFFFFEL;

    public LoopbackRange {
        if (size < 1) {
            throw new IllegalArgumentException("an address range holds at least one address");
        }
        long last = Integer.toUnsignedLong(first) + size - 1;
        if (Integer.toUnsignedLong(first) < LOWEST || last > HIGHEST) {
            throw new IllegalArgumentException(size + " addresses from " + format(first) + " do not fit in"
                    + " 127.0.0.2-127.255.255.254 (loopback, without the machine's own 127.0.0.1): "
                    + format(first) + "-" + format(last) + "; a sensible first address is 127.1.0.1");
        }
    }

    /** {@code size} addresses from {@code firstAddress} (dotted quad, e.g. "127.1.0.1"); a clear error when they do not fit. */
    public static LoopbackRange of(String firstAddress, int size) {
        return new LoopbackRange(parse(firstAddress), size);
    }

    /** The dotted quad of BMC {@code index}. */
    public String address(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("address " + index + " of " + size);
        }
        return format(Integer.toUnsignedLong(first) + index);
    }

    public String firstAddress() {
        return address(0);
    }

    public String lastAddress() {
        return address(size - 1);
    }

    /** The index of {@code address} in this range, or -1 (another address, or not IPv4). */
    public int indexOf(InetAddress address) {
        if (!(address instanceof Inet4Address)) {
            return -1;
        }
        byte[] b = address.getAddress();
        long value = (b[0] & 0xFFL) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
        long offset = value - Integer.toUnsignedLong(first);
        return offset >= 0 && offset < size ? (int) offset : -1;
    }

    /** A dotted-quad IPv4 literal; host names are refused (no lookup). */
    static int parse(String address) {
        String[] parts = address == null ? new String[0] : address.trim().split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address (a.b.c.d): " + address);
        }
        long value = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("not an IPv4 address (a.b.c.d): " + address);
            }
            int octet = Integer.parseInt(p);
            if (octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address (a.b.c.d): " + address);
            }
            value = value << 8 | octet;
        }
        return (int) value;
    }

    private static String format(long value) {
        return (value >> 24 & 0xFF) + "." + (value >> 16 & 0xFF) + "." + (value >> 8 & 0xFF) + "." + (value & 0xFF);
    }
}
