package dev.latchkey.adapter.out.accounting.verificationlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.verification.VerificationEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VerificationLogTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KeyId KEY = new KeyId("AbCdEfGh1234");
    private static final KeyId ACTOR = new KeyId("ZyXwVuTs9876");
    private static final UserId USER = new UserId("0f8fad5b-d9cb-469f-a165-70867728950e");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private static VerificationEvent event(int n) {
        return new VerificationEvent(T0.plusMillis(n), KEY, USER, VerificationEvent.VALID, "203.0.113.7",
                "request-" + n, "/v1/auth", null);
    }

    private VerificationLog log(OutputStream out, int capacity, Duration flushInterval) {
        return new VerificationLog(out, true, "the test stream", new VerificationLog.Settings(capacity, flushInterval),
                registry);
    }

    private double dropped() {
        return registry.get("latchkey.verification_log.dropped").counter().count();
    }

    private double written() {
        return registry.get("latchkey.verification_log.written").counter().count();
    }

    private static List<JsonNode> parse(byte[] bytes) throws IOException {
        String text = new String(bytes, StandardCharsets.US_ASCII);
        assertThat(text).as("whole lines").endsWith("\n");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    @Test
    void writesEveryEventOnceInTheOrderRecordedWithTheSameEightFields() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VerificationLog log = log(out, 100_000, Duration.ofMillis(5));
        log.start();
        int events = 50_000;
        for (int i = 0; i < events; i++) {
            log.record(event(i));
        }
        log.close();

        List<JsonNode> lines = parse(out.toByteArray());
        assertThat(lines).hasSize(events);
        for (int i = 0; i < events; i++) {
            assertThat(lines.get(i).get("requestId").asText()).isEqualTo("request-" + i);
            String at = T0.plusMillis(i).toString(); // ISO 8601, without the fraction on a whole second
            assertThat(lines.get(i).get("at").asText()).isEqualTo(at.contains(".") ? at : at.replace("Z", ".000Z"));
        }
        JsonNode first = lines.get(0);
        assertThat(first.fieldNames()).toIterable()
                .containsExactly("at", "keyId", "userId", "code", "clientIp", "requestId", "route", "actorKeyId");
        assertThat(first.get("at").asText()).as("UTC, milliseconds even when 0").isEqualTo("2026-11-23T10:00:00.000Z");
        assertThat(lines.get(1).get("at").asText()).isEqualTo("2026-11-23T10:00:00.001Z");
        assertThat(first.get("keyId").asText()).isEqualTo("AbCdEfGh1234");
        assertThat(first.get("userId").asText()).isEqualTo(USER.value());
        assertThat(first.get("code").asText()).isEqualTo("VALID");
        assertThat(first.get("clientIp").asText()).isEqualTo("203.0.113.7");
        assertThat(first.get("route").asText()).isEqualTo("/v1/auth");
        assertThat(first.get("actorKeyId").isNull()).isTrue();
        assertThat(written()).isEqualTo(events);
        assertThat(dropped()).isZero();
    }

    @Test
    void writesMissingValuesAsNullAndTruncatesTheTimeToMilliseconds() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VerificationLog log = log(out, 10, Duration.ofSeconds(1));
        log.record(new VerificationEvent(T0.plusNanos(123_456_789), null, null, "MALFORMED", null, null, null, null));
        log.record(new VerificationEvent(T0, KEY, null, "NOT_FOUND", "2001:db8::1", "r", "/v1/keys/verify", ACTOR));
        log.close();

        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo(
                "{\"at\":\"2026-11-23T10:00:00.123Z\",\"keyId\":null,\"userId\":null,\"code\":\"MALFORMED\","
                        + "\"clientIp\":null,\"requestId\":null,\"route\":null,\"actorKeyId\":null}\n"
                        + "{\"at\":\"2026-11-23T10:00:00.000Z\",\"keyId\":\"AbCdEfGh1234\",\"userId\":null,"
                        + "\"code\":\"NOT_FOUND\",\"clientIp\":\"2001:db8::1\",\"requestId\":\"r\","
                        + "\"route\":\"/v1/keys/verify\",\"actorKeyId\":\"ZyXwVuTs9876\"}\n");
    }

    /**
     * Whatever a request puts into the client address, the request id or the route (quotes, backslashes, line breaks,
     * control characters, non-ASCII, lone surrogates, a forged field) stays inside its own string: one line of
     * ASCII, which parses back to exactly the values recorded.
     */
    @Test
    void escapesHostileStringsSoThatEachEventIsOneLineOfAsciiJson() throws Exception {
        List<String> hostile = new ArrayList<>(List.of("\"},\"keyId\":\"forged", "a\\\"b", "line\nbreak",
                "cr\rlf\n{\"at\":\"x\"}", "\u0000\u0001\u001b[31m\u007f", "caf\u00e9 \u2028 \u2029 \ud83d\udd11",
                "\ud800 lone", "lone \udfff", "</script>", "\t\b\f"));
        Random random = new Random(25);
        for (int i = 0; i < 2_000; i++) {
            char[] chars = new char[random.nextInt(40)];
            for (int c = 0; c < chars.length; c++) {
                chars[c] = random.nextInt(3) == 0 ? (char) random.nextInt(0x80) : (char) random.nextInt(0x10000);
            }
            hostile.add(new String(chars));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VerificationLog log = log(out, hostile.size(), Duration.ofSeconds(1));
        for (String value : hostile) {
            log.record(new VerificationEvent(T0, null, null, "MALFORMED", value, value, value, null));
        }
        log.close();

        byte[] bytes = out.toByteArray();
        for (byte b : bytes) {
            assertThat(b == '\n' || (b >= 0x20 && b <= 0x7e)).as("printable ASCII or the line end").isTrue();
        }
        List<JsonNode> lines = parse(bytes);
        assertThat(lines).hasSize(hostile.size());
        for (int i = 0; i < hostile.size(); i++) {
            JsonNode line = lines.get(i);
            assertThat(line.size()).isEqualTo(8);
            assertThat(line.get("keyId").isNull()).isTrue();
            assertThat(line.get("clientIp").asText()).isEqualTo(hostile.get(i));
            assertThat(line.get("requestId").asText()).isEqualTo(hostile.get(i));
            assertThat(line.get("route").asText()).isEqualTo(hostile.get(i));
        }
    }

    /** A stream that blocks its first write until released, saying when it is blocked. */
    private static final class BlockedStream extends ByteArrayOutputStream {
        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            writing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            super.write(bytes, offset, length);
        }
    }

    @Test
    void aFullQueueDropsAndCountsWithoutWaitingForTheWriter() throws Exception {
        BlockedStream out = new BlockedStream();
        VerificationLog log = log(out, 4, Duration.ofNanos(1));
        log.start();
        log.record(event(0));
        assertThat(out.writing.await(30, TimeUnit.SECONDS)).as("the writer is stuck writing event 0").isTrue();

        for (int i = 1; i <= 7; i++) {
            log.record(event(i)); // 1-4 fill the queue, 5-7 do not fit: this thread never waits for the writer
        }
        assertThat(dropped()).isEqualTo(3);
        out.release.countDown();
        log.close();

        assertThat(parse(out.toByteArray())).extracting(line -> line.get("requestId").asText())
                .containsExactly("request-0", "request-1", "request-2", "request-3", "request-4");
        assertThat(written()).isEqualTo(5);
        assertThat(dropped()).isEqualTo(3);
    }

    @Test
    void writesALineWithoutWaitingForClose() throws Exception {
        CountDownLatch reached = new CountDownLatch(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] bytes, int offset, int length) {
                super.write(bytes, offset, length);
                reached.countDown();
            }
        };
        VerificationLog log = log(out, 10, Duration.ofMillis(10));
        log.start();
        log.record(event(0));

        assertThat(reached.await(30, TimeUnit.SECONDS)).as("written by the writer's flush").isTrue();
        assertThat(parse(out.toByteArray())).hasSize(1);
        log.close();
    }

    /** What the writer holds in its buffer and what is still queued are written at close (SIGTERM). */
    @Test
    void closeWritesEverythingQueuedAndBufferedThenClosesTheStream() throws Exception {
        CountDownLatch closedStream = new CountDownLatch(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closedStream.countDown();
            }
        };
        VerificationLog log = log(out, 10_000, Duration.ofHours(1)); // no flush before close
        log.start();
        for (int i = 0; i < 10_000; i++) {
            log.record(event(i));
        }
        log.close();

        assertThat(parse(out.toByteArray())).hasSize(10_000);
        assertThat(closedStream.getCount()).isZero();
        log.record(event(10_000));
        assertThat(dropped()).as("recorded after close").isEqualTo(1);
        assertThat(written()).isEqualTo(10_000);
    }

    @Test
    void linesTheStreamRefusesAreCountedAsDropped() {
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        VerificationLog log = log(full, 10, Duration.ofSeconds(1));
        for (int i = 0; i < 3; i++) {
            log.record(event(i));
        }
        log.close();

        assertThat(dropped()).isEqualTo(3);
        assertThat(written()).isZero();
    }
}
