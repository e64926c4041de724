package dev.sws.core.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/** One JSON object per line: time, level, logger, thread, message, and the stack trace if any. */
public final class JsonLineFormatter extends Formatter {

    @Override
    public String format(LogRecord r) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"time\":\"").append(Instant.ofEpochMilli(r.getMillis())).append('"');
        field(sb, "level", r.getLevel().getName());
        field(sb, "logger", r.getLoggerName());
        field(sb, "thread", Thread.currentThread().getName());
        field(sb, "message", formatMessage(r));
        if (r.getThrown() != null) {
            StringWriter sw = new StringWriter();
            r.getThrown().printStackTrace(new PrintWriter(sw));
            field(sb, "error", sw.toString());
        }
        return sb.append("}\n").toString();
    }

    private static void field(StringBuilder sb, String key, String value) {
        sb.append(",\"").append(key).append("\":\"");
        if (value != null) {
            escape(sb, value);
        }
        sb.append('"');
    }

    static void escape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
    }
}
