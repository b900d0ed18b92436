package io.metalfleet.simulator.fleet;

import io.metalfleet.simulator.profile.VendorProfile;

import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * Who one BMC is: the values inspection reads and enrollment compares. Drawn from the fleet seed and
 * the BMC index, so the same seed builds the same fleet.
 */
public record Identity(String uuid, String serialNumber, String assetTag, String username, String password,
                       long macBase, String hostName) {

    public static Identity draw(VendorProfile profile, long seed, int index) {
        Random rnd = new Random(seed * 1_000_003L + index);
        UUID uuid = new UUID(rnd.nextLong() & 0xFFFFFFFFFFFF0FFFL | 0x4000L,
                rnd.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L);
        String serial = profile.serialPrefix() + String.format(Locale.ROOT, "%07d", index)
                + Integer.toString(36 + rnd.nextInt(36 * 35), 36).toUpperCase(Locale.ROOT);
        String asset = String.format(Locale.ROOT, "MF-%s-%06d", profile.id().toUpperCase(Locale.ROOT), index);
        String password = Long.toString(rnd.nextLong() & Long.MAX_VALUE, 36);
        long mac = ((long) profile.macOui() << 24) | ((long) (index * 8) & 0xFFFFFF);
        return new Identity(uuid.toString(), serial, asset, "admin", "pw-" + password, mac,
                "node-" + String.format(Locale.ROOT, "%05d", index));
    }

    /** MAC of host NIC {@code n}: consecutive addresses from a per-BMC base, unique in the fleet. */
    public String mac(int n) {
        long v = macBase + n;
        return String.format(Locale.ROOT, "%02x:%02x:%02x:%02x:%02x:%02x", (v >> 40) & 0xFF, (v >> 32) & 0xFF,
                (v >> 24) & 0xFF, (v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF);
    }
}
