package io.metalfleet.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code KEY=value} lines of {@code .metalfleet/stack.env} (written by ./metalfleet up). Comments
 * and {@code export} lines are skipped; a process environment variable of the same name wins, so a
 * benchmark can be pointed at another stack without editing the file.
 */
public final class StackEnv {

    private final Map<String, String> values;

    StackEnv(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static StackEnv read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    static StackEnv parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("export ")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.startsWith("'") && value.endsWith("'")
                    || value.startsWith("\"") && value.endsWith("\""))) {
                value = value.substring(1, value.length() - 1);
            }
            values.put(line.substring(0, eq).strip(), value);
        }
        return new StackEnv(values);
    }

    public Optional<String> get(String name) {
        String fromProcess = System.getenv(name);
        if (fromProcess != null && !fromProcess.isBlank()) {
            return Optional.of(fromProcess);
        }
        return Optional.ofNullable(values.get(name)).filter(v -> !v.isBlank());
    }

    public String require(String name) {
        return get(name).orElseThrow(() -> new IllegalStateException(
                name + " is not in .metalfleet/stack.env: run ./metalfleet up first"));
    }
}
