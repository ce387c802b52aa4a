package dev.latchkey.adapter.out.accounting.verificationlog;

import dev.latchkey.adapter.out.accounting.OccasionalWarning;
import dev.latchkey.application.port.out.verification.VerificationEvents;
import dev.latchkey.adapter.out.accounting.OccasionalWarning;
import dev.latchkey.application.port.out.verification.VerificationEvents;
import dev.latchkey.domain.verification.VerificationEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verification log: one JSON object a line for every verification, e.g.
 * <pre>{"at":"2026-11-23T10:00:00.123Z","keyId":"AbCdEfGh1234","userId":"usr_...","code":"VALID",
 * "clientIp":"203.0.113.7","requestId":"5b0c...","route":"/v1/auth","actorKeyId":null}</pre>
 * Every line has the same eight fields, {@code null} where the event has no value (no key id for a key that did not
 * parse, no user for a rejected key, no route or actor where none applies). The event holds no key material, and
 * nothing else goes into a line. Strings are JSON-escaped, and everything outside printable ASCII is written as a
 * {@code \\uXXXX} escape: a line is plain ASCII, a request cannot break it or add one.
 * <p>
 * {@link #record} only offers the event to a bounded queue (no formatting, no I/O, no allocation): a full queue
 * drops the event, counts it ({@code latchkey.verification_log.dropped}) and warns at most once a minute. One
 * writer thread formats the lines and writes them in batches, at least every {@code flushInterval}; what it hands
 * to the stream it counts ({@code latchkey.verification_log.written}); a write the stream refuses (a full disk)
 * counts its lines as dropped. {@link #close()} writes everything queued, then closes the stream (never standard
 * output).
 */
public final class VerificationLog implements VerificationEvents, AutoCloseable {

    /** How many events the queue holds; how long a written line may wait in the buffer at most. */
    public record Settings(int capacity, Duration flushInterval) {

        public Settings {
            if (capacity < 1) {
                throw new IllegalArgumentException(VerificationLogTarget.PROPERTY
                        + "-queue-capacity must be at least 1, not " + capacity);
            }
            if (flushInterval.isNegative() || flushInterval.isZero()) {
                throw new IllegalArgumentException("the verification log's flush interval must be positive");
            }
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(VerificationLog.class);
    private static final Duration WARN_EVERY = Duration.ofMinutes(1);
    /** Events taken from the queue at a time. */
    private static final int BATCH = 4_096;
    /** The buffer is written out once it holds this much (and at every flush). */
    private static final int WRITE_AT = 64 * 1024;
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.")
            .withZone(ZoneOffset.UTC);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final OutputStream out;
    private final boolean closeOut;
    private final String target;
    private final Settings settings;
    private final BlockingQueue<VerificationEvent> queue;
    private final Counter dropped;
    private final Counter written;
    private final OccasionalWarning dropWarning = new OccasionalWarning(LOG, WARN_EVERY);
    private final OccasionalWarning writeWarning = new OccasionalWarning(LOG, WARN_EVERY);
    private final Thread writer;
    private volatile boolean closing;
    private volatile boolean closed;

    // the writer thread's own (and close()'s once the writer stopped)
    private final List<VerificationEvent> batch = new ArrayList<>(BATCH);
    private final StringBuilder line = new StringBuilder(256);
    private final Seconds seconds = new Seconds();
    private byte[] buffer = new byte[WRITE_AT + 1024];
    private int size;
    private int buffered;

    /** A log to {@code target} (not {@link VerificationLogTarget.Off}), its writer started. */
    public static VerificationLog to(VerificationLogTarget target, Settings settings, MeterRegistry registry) {
        OutputStream out = VerificationLogTarget.open(target);
        String name = target instanceof VerificationLogTarget.File file ? file.path().toString() : "standard output";
        VerificationLog log = new VerificationLog(out, !(target instanceof VerificationLogTarget.Stdout), name,
                settings, registry);
        log.start();
        return log;
    }

    /** A log to {@code out} (closed by {@link #close()} when {@code closeOut}), not started yet. */
    VerificationLog(OutputStream out, boolean closeOut, String target, Settings settings, MeterRegistry registry) {
        this.out = out;
        this.closeOut = closeOut;
        this.target = target;
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.capacity());
        this.dropped = Counter.builder("latchkey.verification_log.dropped")
                .description("Verification log lines dropped: the queue was full, or the output refused them")
                .register(registry);
        this.written = Counter.builder("latchkey.verification_log.written")
                .description("Verification log lines written to the output").register(registry);
        Gauge.builder("latchkey.verification_log.queued", queue, BlockingQueue::size)
                .description("Verification log lines waiting to be written").register(registry);
        this.writer = new Thread(this::run, "latchkey-verification-log");
        this.writer.setDaemon(true);
    }

    void start() {
        writer.start();
    }

    @Override
    public void record(VerificationEvent event) {
        if (closed) {
            dropped.increment(); // after the shutdown began: counted, not worth a warning
        } else if (!queue.offer(event)) {
            dropped.increment();
            dropWarning.warn("verification log: the queue of {} events is full; lines are dropped (see"
                    + " latchkey_verification_log_dropped_total)", settings.capacity());
        }
    }

    private void run() {
        long flushNanos = settings.flushInterval().toNanos();
        long lastFlush = System.nanoTime();
        while (!closing) {
            try {
                VerificationEvent first = queue.poll(Math.min(flushNanos, TimeUnit.MILLISECONDS.toNanos(100)),
                        TimeUnit.NANOSECONDS);
                if (first != null) {
                    append(first);
                    drainAndAppend();
                }
                if (System.nanoTime() - lastFlush >= flushNanos) {
                    writeOut();
                    lastFlush = System.nanoTime();
                }
            } catch (InterruptedException e) {
                break; // close() does not interrupt; someone else stopped the thread: close() writes the rest
            } catch (RuntimeException e) {
                LOG.warn("verification log: the writer failed ({}); it carries on", e.getClass().getName());
            }
        }
    }

    /** Appends what is queued now, writing the buffer out whenever it fills. */
    private void drainAndAppend() {
        while (queue.drainTo(batch, BATCH) > 0) {
            for (VerificationEvent event : batch) {
                append(event);
            }
            batch.clear();
            if (queue.size() < BATCH) {
                return; // a trickle: the rest waits for the next look
            }
        }
    }

    private void append(VerificationEvent event) {
        format(event, line, seconds);
        int length = line.length();
        if (size + length > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + length));
        }
        for (int i = 0; i < length; i++) {
            buffer[size++] = (byte) line.charAt(i); // ASCII only
        }
        buffered++;
        if (size >= WRITE_AT) {
            writeOut();
        }
    }

    /** Hands the buffer to the stream and flushes it; lines the stream refuses are counted as dropped. */
    private void writeOut() {
        if (buffered == 0) {
            return;
        }
        int lines = buffered;
        try {
            out.write(buffer, 0, size);
            out.flush();
            written.increment(lines);
        } catch (IOException e) {
            dropped.increment(lines);
            writeWarning.warn("verification log: cannot write to {} ({}); lines are dropped (see"
                    + " latchkey_verification_log_dropped_total)", target, e.getMessage());
        } finally {
            size = 0;
            buffered = 0;
        }
    }

    /**
     * The time of a line: the date and second formatted once per second (the lines of one second share it), then
     * the milliseconds.
     */
    static final class Seconds {
        private long second = Long.MIN_VALUE;
        private String prefix;

        void append(Instant at, StringBuilder into) {
            if (at.getEpochSecond() != second) {
                second = at.getEpochSecond();
                prefix = SECOND.format(at);
            }
            int millis = at.getNano() / 1_000_000;
            into.append(prefix).append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10))
                    .append((char) ('0' + millis % 10)).append('Z');
        }
    }

    /** {@code event} as one JSON line (with its newline) in {@code into}, which is cleared first. */
    static void format(VerificationEvent event, StringBuilder into) {
        format(event, into, new Seconds());
    }

    private static void format(VerificationEvent event, StringBuilder into, Seconds seconds) {
        into.setLength(0);
        into.append("{\"at\":\"");
        seconds.append(event.at(), into);
        into.append('"');
        field(into, "keyId", event.keyId() == null ? null : event.keyId().value());
        field(into, "userId", event.userId() == null ? null : event.userId().value());
        field(into, "code", event.outcome());
        field(into, "clientIp", event.clientIp());
        field(into, "requestId", event.requestId());
        field(into, "route", event.route());
        field(into, "actorKeyId", event.actorKeyId() == null ? null : event.actorKeyId().value());
        into.append("}\n");
    }

    private static void field(StringBuilder into, String name, String value) {
        into.append(",\"").append(name).append("\":");
        if (value == null) {
            into.append("null");
            return;
        }
        into.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> into.append("\\\"");
                case '\\' -> into.append("\\\\");
                case '\n' -> into.append("\\n");
                case '\r' -> into.append("\\r");
                case '\t' -> into.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        into.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                                .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        into.append(c);
                    }
                }
            }
        }
        into.append('"');
    }

    /**
     * Stops taking events, lets the writer finish its batch, writes everything still queued and closes the stream
     * (standard output is flushed, not closed). Events recorded from now on are dropped and counted.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closing = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        if (writer.isAlive()) {
            LOG.warn("verification log: the writer did not stop; {} lines are not written", queue.size());
            return;
        }
        drainAndAppendAll();
        writeOut();
        try {
            if (closeOut) {
                out.close();
            }
        } catch (IOException e) {
            LOG.warn("verification log: cannot close {} ({})", target, e.getMessage());
        }
    }

    private void drainAndAppendAll() {
        while (queue.drainTo(batch, BATCH) > 0) {
            for (VerificationEvent event : batch) {
                append(event);
            }
            batch.clear();
        }
    }
}
