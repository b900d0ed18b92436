package io.metalfleet.simulator.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real vendor Redfish tree, loaded once from the jar and shared by every BMC of that model. Resources
 * the simulator does not render itself are served from here as compact, pre-serialized bytes, so 10,000
 * BMCs cost no more than one.
 */
public final class MockupTree {

    private static final String BASE = "/io/metalfleet/simulator/mockups/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, MockupTree> CACHE = new ConcurrentHashMap<>();

    private final Map<String, byte[]> resources;
    private final Map<String, String> lowerCase = new HashMap<>();

    private MockupTree(Map<String, byte[]> resources) {
        this.resources = resources;
        resources.keySet().forEach(p -> lowerCase.put(p.toLowerCase(Locale.ROOT), p));
    }

    /** The tree of a profile, with the profile's id rewrites applied; cached per (mockup, rewrites). */
    public static MockupTree of(VendorProfile profile) {
        return CACHE.computeIfAbsent(profile.mockup() + profile.rewrites(), k -> load(profile));
    }

    private static MockupTree load(VendorProfile profile) {
        Map<String, byte[]> out = new HashMap<>();
        String dir = BASE + profile.mockup() + "/";
        for (String rel : readLines(BASE + profile.mockup() + ".index")) {
            String text = read(dir + rel);
            for (Map.Entry<String, String> r : profile.rewrites().entrySet()) {
                text = text.replace(r.getKey(), r.getValue());
            }
            String folder = rel.substring(0, rel.length() - "index.json".length());
            String path = folder.isEmpty() ? "/redfish/v1" : "/redfish/v1/" + folder.substring(0, folder.length() - 1);
            for (Map.Entry<String, String> r : profile.rewrites().entrySet()) {
                path = r.getKey().startsWith("/") ? path.replace(r.getKey(), r.getValue()) : path;
            }
            try {
                JsonNode node = JSON.readTree(text);
                out.put(path, JSON.writeValueAsBytes(node));
            } catch (IOException e) {
                throw new UncheckedIOException("bad mockup JSON " + dir + rel, e);
            }
        }
        return new MockupTree(Map.copyOf(out));
    }

    /** Pre-serialized bytes of a static resource, or null; paths match case-insensitively as on iLO. */
    public byte[] bytes(String path) {
        byte[] b = resources.get(path);
        if (b == null) {
            String real = lowerCase.get(path.toLowerCase(Locale.ROOT));
            b = real == null ? null : resources.get(real);
        }
        return b;
    }

    /** A fresh mutable copy of a resource, for building render templates; empty object when absent. */
    public ObjectNode node(String path) {
        byte[] b = bytes(path);
        try {
            return b == null ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean has(String path) {
        return bytes(path) != null;
    }

    public int size() {
        return resources.size();
    }

    private static String read(String resource) {
        try (InputStream in = MockupTree.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing mockup resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Iterable<String> readLines(String resource) {
        try (InputStream in = MockupTree.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing mockup index " + resource);
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
