package io.metalfleet.cert;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/** Every log line of the service (same JVM as the test), with stack traces, to assert what is never logged. */
public final class LogCapture extends Handler {

    private static final LogCapture INSTANCE = new LogCapture();
    private static volatile boolean installed;

    private final List<String> lines = new CopyOnWriteArrayList<>();

    public static synchronized LogCapture install() {
        if (!installed) {
            INSTANCE.setLevel(java.util.logging.Level.ALL);
            Logger.getLogger("").addHandler(INSTANCE);
            installed = true;
        }
        return INSTANCE;
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void publish(LogRecord record) {
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        StringBuilder line = new StringBuilder(record.getLoggerName() + " " + message);
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append('\n').append(trace);
        }
        lines.add(line.toString());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
