package io.metalfleet.inventory.domain;

import java.security.SecureRandom;

/** Server ids as the seed shows them: {@code server-} and six characters of [a-z0-9]. */
public final class ServerIds {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final String PATTERN = "server-[a-z0-9]{6}";

    private ServerIds() {
    }

    public static String next() {
        char[] id = new char[6];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return "server-" + new String(id);
    }
}
