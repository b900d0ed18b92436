package io.metalfleet.inventory.security;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Bearer tokens already verified, by their exact text. Verifying an ES256 signature costs more than
 * the rest of a GET, and a client sends the same token for minutes. An entry is used only before
 * the token's own {@code exp} and for at most {@code maxAgeMillis} after it was verified; then the
 * token is verified again in full (signature against the current key set, issuer, audience). The
 * cache holds at most {@code capacity} tokens: when full, expired entries go first, then arbitrary
 * ones, so a flood of distinct tokens costs verifications but never memory.
 */
public final class VerifiedTokenCache {

    private record Entry(JsonWebToken token, long usableUntilMillis) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final int capacity;
    private final long maxAgeMillis;

    public VerifiedTokenCache(int capacity, long maxAgeMillis) {
        this.capacity = capacity;
        this.maxAgeMillis = maxAgeMillis;
    }

    /** The verified token for this text, or null if it must be verified (unknown, expired, or too old). */
    public JsonWebToken get(String raw, long nowMillis) {
        Entry entry = entries.get(raw);
        if (entry == null) {
            return null;
        }
        if (nowMillis >= entry.usableUntilMillis()) {
            entries.remove(raw, entry);
            return null;
        }
        return entry.token();
    }

    /** Remembers a token that has just passed verification. Tokens without {@code exp} are not kept. */
    public void put(String raw, JsonWebToken verified, long nowMillis) {
        if (capacity <= 0 || maxAgeMillis <= 0 || verified.getExpirationTime() <= 0) {
            return;
        }
        long until = Math.min(verified.getExpirationTime() * 1000, nowMillis + maxAgeMillis);
        if (until <= nowMillis) {
            return;
        }
        if (entries.size() >= capacity) {
            makeRoom(nowMillis);
        }
        entries.put(raw, new Entry(verified, until));
    }

    public int size() {
        return entries.size();
    }

    private void makeRoom(long nowMillis) {
        entries.values().removeIf(entry -> nowMillis >= entry.usableUntilMillis());
        if (entries.size() < capacity) {
            return;
        }
        // Still full of live tokens: drop an eighth of them, whichever come first.
        int excess = entries.size() - capacity + Math.max(1, capacity / 8);
        Iterator<String> keys = entries.keySet().iterator();
        while (excess-- > 0 && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }
}
