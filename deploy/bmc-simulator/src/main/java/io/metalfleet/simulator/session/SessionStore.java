package io.metalfleet.simulator.session;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The sessions of one BMC, bounded by the vendor's cap. Created on the first login only, so the 99% of
 * BMCs a benchmark never logs into stay small. Sessions do not time out: tests that want to see the cap
 * must log out, exactly as a well-behaved client must on a real BMC.
 */
public final class SessionStore {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final List<Session> sessions = new ArrayList<>(2);
    private int nextId = 1;

    /** The new session, or null when the cap is reached. */
    public synchronized Session open(String user, int cap) {
        if (sessions.size() >= cap) {
            return null;
        }
        byte[] raw = new byte[16];
        RANDOM.nextBytes(raw);
        String created = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString();
        Session s = new Session(Integer.toString(nextId++), HexFormat.of().formatHex(raw), user, created);
        sessions.add(s);
        return s;
    }

    public synchronized Session byToken(String token) {
        for (Session s : sessions) {
            if (s.token().equals(token)) {
                return s;
            }
        }
        return null;
    }

    public synchronized Session byId(String id) {
        for (Session s : sessions) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        return null;
    }

    public synchronized boolean close(String id) {
        return sessions.removeIf(s -> s.id().equals(id));
    }

    public synchronized int size() {
        return sessions.size();
    }

    public synchronized List<Session> list() {
        return List.copyOf(sessions);
    }

    public synchronized void clear() {
        sessions.clear();
    }
}
