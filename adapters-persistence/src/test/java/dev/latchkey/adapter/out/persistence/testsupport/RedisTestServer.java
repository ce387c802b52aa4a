package dev.latchkey.adapter.out.persistence.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The Redis server the Redis adapter's tests run against: the one in {@code LATCHKEY_TEST_REDIS_URL}, else the one on
 * 127.0.0.1:6379. Without one they fail with a message saying how to provide one; they never skip. Tests keep to keys
 * of their own (random ids), so a shared server is fine.
 */
public final class RedisTestServer {

    private static final String LOCAL_URL = "redis://127.0.0.1:6379";

    private RedisTestServer() {
    }

    /** The server's URL, once it answered a PING. */
    public static String url() {
        String configured = System.getenv("LATCHKEY_TEST_REDIS_URL");
        String url = configured == null || configured.isBlank() ? LOCAL_URL : configured;
        URI uri = URI.create(url);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2_000);
            socket.setSoTimeout(2_000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(5);
            if (!"+PONG".equals(new String(answer, StandardCharsets.US_ASCII))) {
                throw new IllegalStateException("the Redis server at " + url + " did not answer PING with PONG");
            }
        } catch (IOException e) {
            throw new IllegalStateException("no Redis server at " + url + " (" + e.getMessage() + "). The Redis "
                    + "tests need one: set LATCHKEY_TEST_REDIS_URL=redis://host:port, or start one on this machine: "
                    + "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save \"\" --appendonly no", e);
        }
        return url;
    }

    public static String host() {
        return URI.create(url()).getHost();
    }

    public static int port() {
        return URI.create(url()).getPort();
    }
}
