package io.metalfleet.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The blank-separated tables of deploy/k8s: {@code #} comments, one row a line, a fixed column count. */
final class Tsv {

    /** One row with the place it came from, for messages that point at the line to fix. */
    record Row(String where, List<String> columns) {
        String get(int i) {
            return columns.get(i);
        }
    }

    private Tsv() {
    }

    static List<Row> read(Path file, int columns) throws IOException {
        List<Row> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file.getFileName() + ":" + (i + 1);
            List<String> cells = List.of(line.split("\\s+"));
            if (cells.size() != columns) {
                throw new IllegalArgumentException(where + ": expected " + columns + " columns, got " + cells.size());
            }
            rows.add(new Row(where, cells));
        }
        return rows;
    }
}
