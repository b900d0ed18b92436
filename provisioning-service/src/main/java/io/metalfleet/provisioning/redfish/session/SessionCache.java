package io.metalfleet.provisioning.redfish.session;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.metalfleet.provisioning.redfish.connector.BmcTarget;
import io.metalfleet.provisioning.redfish.connector.RedfishCall;
import io.metalfleet.provisioning.redfish.connector.RedfishException;
import io.metalfleet.provisioning.redfish.connector.RedfishResponse;
import io.metalfleet.provisioning.redfish.connector.Transport;
import io.smallrye.mutiny.Uni;

/**
 * Redfish sessions, one per BMC + user + credential hash: created once (concurrent callers share the
 * one login), reused by every operation, dropped when the BMC answers 401 (the caller logs in again
 * once), logged out (DELETE) on eviction and at shutdown. A BMC without SessionService, or one whose
 * session cap stays reached after our own stale sessions are cleared, is spoken to with HTTP Basic.
 */
public final class SessionCache {

    private static final Logger LOG = Logger.getLogger(SessionCache.class);
    public static final String SESSIONS = "/redfish/v1/SessionService/Sessions";

    /** The header a request carries: X-Auth-Token of a session, or Authorization: Basic. */
    public record Auth(String header, String value, boolean session) {
    }

    private static final class Entry {
        final BmcTarget target;
        volatile Auth auth;
        volatile String location;
        Uni<Auth> login;

        Entry(BmcTarget target) {
            this.target = target;
        }
    }

    /**
     * Sessions by BMC (host:port), then by session key: a BMC's sessions are found without a scan of the fleet's (a
     * fleet's deletion evicts 10,000 BMCs, and a scan per eviction was 10^8 comparisons).
     */
    private final Map<String, Map<String, Entry>> byHost = new ConcurrentHashMap<>();
    private final Transport transport;

    public SessionCache(Transport transport) {
        this.transport = transport;
    }

    /** The authorization in use for the BMC, or null when a login is needed first (then {@link #auth}). */
    public Auth known(BmcTarget target) {
        Entry cached = entry(target);
        return cached != null ? cached.auth : null;
    }

    public Uni<Auth> auth(BmcTarget target) {
        Entry cached = entry(target);
        Entry entry = cached != null ? cached : entryCreated(target);
        Auth known = entry.auth;
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        synchronized (entry) {
            if (entry.login == null) {
                // shared by the callers that arrive while it runs, then dropped: a memoized Uni kept for
                // good also keeps its first caller's whole chain (an inspection's documents, per BMC)
                entry.login = login(target, entry, true)
                        .onTermination().invoke(() -> {
                            synchronized (entry) {
                                entry.login = null;
                            }
                        })
                        .memoize().indefinitely();
            }
            return entry.login;
        }
    }

    /** The BMC refused this session (401): forget it so that the next {@link #auth} logs in again. */
    public void invalidate(BmcTarget target, Auth stale) {
        Entry entry = entry(target);
        if (entry != null) {
            synchronized (entry) {
                if (entry.auth == stale) {
                    entry.auth = null;
                    entry.location = null;
                    entry.login = null;
                }
            }
        }
    }

    public String describe(BmcTarget target) {
        Entry entry = entry(target);
        if (entry == null) {
            return "none";
        }
        synchronized (entry) {
            return entry.auth != null ? (entry.auth.session() ? "open" : "basic") : entry.login != null ? "logging in" : "none";
        }
    }

    public int openSessions() {
        return (int) byHost.values().stream().flatMap(sessions -> sessions.values().stream())
                .filter(e -> e.auth != null && e.auth.session()).count();
    }

    /** Logs out of the BMC's session (eviction: server deleted, credentials changed). */
    public Uni<Void> evict(BmcTarget target) {
        Entry[] removed = new Entry[1];
        byHost.computeIfPresent(target.hostPort(), (host, sessions) -> {
            removed[0] = sessions.remove(target.sessionKey());
            return sessions.isEmpty() ? null : sessions;
        });
        return removed[0] == null ? Uni.createFrom().voidItem() : logout(target, removed[0]);
    }

    /**
     * The BMC's entry for this session key, added if missing, within the host's own {@code compute}: an eviction that
     * drops the host's map at that moment cannot leave the entry in a map no longer reachable (its session unused and
     * never logged out).
     */
    private Entry entryCreated(BmcTarget target) {
        Entry[] entry = new Entry[1];
        byHost.compute(target.hostPort(), (host, sessions) -> {
            Map<String, Entry> present = sessions != null ? sessions : new ConcurrentHashMap<>(2);
            entry[0] = present.computeIfAbsent(target.sessionKey(), k -> new Entry(target));
            return present;
        });
        return entry[0];
    }

    private Entry entry(BmcTarget target) {
        Map<String, Entry> sessions = byHost.get(target.hostPort());
        return sessions == null ? null : sessions.get(target.sessionKey());
    }

    /** Logs out of every session of the BMC at host:port (server deleted, BMC replaced). */
    public Uni<Void> evictHost(String hostPort) {
        List<Uni<Void>> logouts = new ArrayList<>();
        removeHost(hostPort, logouts);
        return logouts.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(logouts).andCollectFailures().replaceWithVoid();
    }

    /** Forgets every session of the BMC at host:port, adding their logouts to {@code logouts}. */
    private void removeHost(String hostPort, List<Uni<Void>> logouts) {
        Map<String, Entry> sessions = byHost.remove(hostPort);
        if (sessions != null) {
            sessions.values().forEach(entry -> logouts.add(logout(entry.target, entry)));
        }
    }

    /** Logs out of every session (shutdown), within the deadline; what is left then is left to the BMCs' own expiry. */
    public Uni<Void> logoutAll(Duration deadline) {
        List<Uni<Void>> logouts = new ArrayList<>();
        for (String host : List.copyOf(byHost.keySet())) {
            removeHost(host, logouts);
        }
        return logouts.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(logouts).andCollectFailures().replaceWithVoid()
                        .ifNoItem().after(deadline).recoverWithItem((Void) null)
                        .onFailure().recoverWithItem((Void) null);
    }

    private Uni<Void> logout(BmcTarget target, Entry entry) {
        Auth auth = entry.auth;
        String location = entry.location;
        if (auth == null || !auth.session() || location == null) {
            return Uni.createFrom().voidItem();
        }
        // one attempt: a logout must not hold shutdown up with retries
        return transport.exchange(target, RedfishCall.delete(location), auth.header(), auth.value())
                .replaceWithVoid()
                .onFailure().invoke(e -> LOG.debugf("logout of %s failed: %s", target, e.getMessage()))
                .onFailure().recoverWithNull();
    }

    private Uni<Auth> login(BmcTarget target, Entry entry, boolean mayClearStale) {
        RedfishCall call = RedfishCall.post(SESSIONS, Map.of("UserName", target.username(), "Password", target.password()));
        return transport.exchangeRetrying(target, call, null, null).chain(response -> {
            if (response.status() == 201 || response.status() == 200) {
                String token = response.header("X-Auth-Token");
                if (token == null) {
                    return Uni.createFrom().item(remember(entry, basic(target), null));
                }
                return Uni.createFrom().item(remember(entry, new Auth("X-Auth-Token", token, true), response.header("Location")));
            }
            if (response.status() == 401 || response.status() == 403) {
                return Uni.createFrom().failure(new RedfishException(RedfishException.Kind.AUTH, response.status(),
                        "the BMC refused the credentials: " + response.errorMessage()));
            }
            if (response.status() == 404 || response.status() == 405 || response.status() == 501) {
                // no SessionService: every request carries Basic credentials instead
                return Uni.createFrom().item(remember(entry, basic(target), null));
            }
            if (limitReached(response)) {
                if (mayClearStale) {
                    return clearOwnSessions(target).chain(() -> login(target, entry, false));
                }
                LOG.infof("%s: session cap still reached; using HTTP Basic for this BMC", target);
                return Uni.createFrom().item(remember(entry, basic(target), null));
            }
            return Uni.createFrom().failure(new RedfishException(RedfishException.Kind.HTTP_ERROR, response.status(),
                    "session login failed: " + response.errorMessage()));
        });
    }

    private static Auth remember(Entry entry, Auth auth, String location) {
        entry.location = location;
        entry.auth = auth;
        return auth;
    }

    /** "CreateLimitReachedForResource", answered 503 by most BMCs and 400 by iLO. */
    public static boolean limitReached(RedfishResponse response) {
        if (response.status() != 400 && response.status() != 503) {
            return false;
        }
        try {
            return response.json().toString().contains("CreateLimitReachedForResource");
        } catch (RedfishException e) {
            return false;
        }
    }

    /** Deletes this user's sessions on the BMC (left over from a crashed run of ours), read with Basic. */
    private Uni<Void> clearOwnSessions(BmcTarget target) {
        Auth basic = basic(target);
        return transport.exchangeRetrying(target, RedfishCall.get(SESSIONS), basic.header(), basic.value())
                .chain(list -> {
                    if (!list.ok()) {
                        return Uni.createFrom().voidItem();
                    }
                    List<Uni<Void>> deletions = new ArrayList<>();
                    for (JsonNode member : list.json().path("Members")) {
                        String path = member.path("@odata.id").asText();
                        deletions.add(transport.exchangeRetrying(target, RedfishCall.get(path), basic.header(), basic.value())
                                .chain(session -> session.ok() && target.username().equals(session.json().path("UserName").asText())
                                        ? transport.exchangeRetrying(target, RedfishCall.delete(path), basic.header(), basic.value()).replaceWithVoid()
                                        : Uni.createFrom().voidItem()));
                    }
                    return deletions.isEmpty() ? Uni.createFrom().voidItem()
                            : Uni.join().all(deletions).andCollectFailures().replaceWithVoid();
                })
                .onFailure().recoverWithNull();
    }

    public static Auth basic(BmcTarget target) {
        String raw = target.username() + ":" + target.password();
        return new Auth("Authorization", "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8)), false);
    }
}
