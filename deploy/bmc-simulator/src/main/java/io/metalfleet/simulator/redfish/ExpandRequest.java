package io.metalfleet.simulator.redfish;

/**
 * One {@code $expand} value as DSP0266 writes it: {@code *} (every link), {@code .} (links outside
 * {@code Links}) or {@code ~} (links inside {@code Links}), optionally followed by {@code ($levels=n)}.
 * iLO also takes a bare {@code ($levels=n)}: {@link #BARE}.
 *
 * @param kind         {@code '*'}, {@code '.'}, {@code '~'} or {@link #BARE}
 * @param levels       how many levels the expansion cascades (1 when not given)
 * @param levelsGiven  the value named {@code $levels} explicitly
 */
record ExpandRequest(char kind, int levels, boolean levelsGiven) {

    static final char BARE = ' ';
    private static final String LEVELS = "($levels=";

    /** The request, or null when the value is not of that form. */
    static ExpandRequest parse(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        char kind = value.charAt(0);
        String rest;
        if (kind == '*' || kind == '.' || kind == '~') {
            rest = value.substring(1);
        } else {
            kind = BARE;
            rest = value;
        }
        if (rest.isEmpty()) {
            return kind == BARE ? null : new ExpandRequest(kind, 1, false);
        }
        if (!rest.startsWith(LEVELS) || !rest.endsWith(")")) {
            return null;
        }
        String digits = rest.substring(LEVELS.length(), rest.length() - 1);
        if (digits.isEmpty() || digits.length() > 4 || !digits.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return new ExpandRequest(kind, Integer.parseInt(digits), true);
    }

    /** Whether a link found inside ({@code inLinks}) or outside a {@code Links} property is expanded. */
    boolean expands(boolean inLinks) {
        return kind == '*' || (inLinks ? kind == '~' : kind == '.');
    }
}
