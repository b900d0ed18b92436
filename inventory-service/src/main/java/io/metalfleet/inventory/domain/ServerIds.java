package io.metalfleet.inventory.domain;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Server ids as the seed shows them: {@code server-} and six characters of [a-z0-9]. */
public final class ServerIds {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final String PATTERN = "server-[a-z0-9]{6}";
    private static final Pattern WELL_FORMED = Pattern.compile(PATTERN);

    private ServerIds() {
    }

    /** Whether {@code id} could name a server at all (a malformed one is simply not found). */
    public static boolean isWellFormed(String id) {
        return WELL_FORMED.matcher(id).matches();
    }

    public static String next() {
        char[] id = new char[6];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return "server-" + new String(id);
    }
}
