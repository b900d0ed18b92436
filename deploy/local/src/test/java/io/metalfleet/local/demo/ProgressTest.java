package io.metalfleet.local.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** What the operator sees: a live line redrawn on a terminal, short plain lines in a log. */
class ProgressTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void shouldDrawABarOfTheDoneShare() {
        assertEquals("[############------------] 10/20", Progress.bar(10, 20));
        assertEquals("[------------------------] 0/3", Progress.bar(0, 3));
        assertEquals("[########################] 3/3", Progress.bar(3, 3));
    }

    @Test
    void shouldPrintPlainLinesOnlyWhenTheStateChangesAndNotMoreOftenThanAsked() {
        Progress progress = new Progress(out, false, Duration.ofHours(1));
        progress.step(4, 9, "inspection");
        progress.update("0/20");
        progress.update("0/20");
        progress.update("5/20"); // within the hour: not printed
        progress.passed("20 inspected", Duration.ofMillis(14_600));
        String shown = text();
        assertEquals("[4/9] inspection\n      0/20\n      ok  20 inspected  (14.6 s)\n", shown);
        assertFalse(shown.contains("\r"), "no terminal control in a log");
    }

    @Test
    void shouldRedrawOneLiveLineOnATerminalAndCloseItBeforeTheResult() {
        Progress progress = new Progress(out, true, Duration.ofHours(1));
        progress.step(7, 9, "servers");
        progress.update("1/3");
        progress.update("2/3");
        progress.failed(Duration.ofMillis(2_000));
        String shown = text();
        assertTrue(shown.contains("\r\u001b[K      1/3\r\u001b[K      2/3\n      FAILED after 2.0 s\n"), shown);
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }
}
