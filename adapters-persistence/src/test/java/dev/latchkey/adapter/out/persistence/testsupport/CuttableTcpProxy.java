package dev.latchkey.adapter.out.persistence.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP forwarder to the database that a test can cut (every connection dropped, new ones refused), freeze
 * (connections open and accepted, but not a byte forwarded, as a server stopped with SIGSTOP or behind a black hole),
 * slow down (every byte forwarded, each chunk after a delay, in both directions: a busy server, not a lost one) and
 * restore.
 */
public final class CuttableTcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;
    private volatile CountDownLatch thawed = new CountDownLatch(0);
    private volatile long delayMillis;
    private final AtomicLong delayedChunks = new AtomicLong();

    public CuttableTcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort();
        }
        restore();
    }

    public int port() {
        return port;
    }

    /** Accepts connections again, on the same port. */
    public synchronized void restore() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        listener = socket;
        Thread acceptor = new Thread(() -> accept(socket), "proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Holds every byte in both directions, on open and new connections, until {@link #thaw()} or a cut. */
    public void freeze() {
        if (thawed.getCount() == 0) {
            thawed = new CountDownLatch(1);
        }
    }

    /**
     * Forwards each chunk read from either side {@code delay} after it was read (zero: at once again): a request and
     * its answer take twice the delay longer, whatever their size, and nothing is lost.
     */
    public void delay(Duration delay) {
        delayMillis = delay.toMillis();
    }

    /** How many chunks were forwarded late since the proxy started. */
    public long delayedChunks() {
        return delayedChunks.get();
    }

    /** Forwards again what was held, and all that follows. */
    public void thaw() {
        thawed.countDown();
    }

    /** Drops every connection and refuses new ones: the database is gone. Ends a freeze. */
    public synchronized void cut() throws IOException {
        thaw();
        listener.close();
        for (Socket socket : open) {
            socket.close();
        }
        open.clear();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket server = new Socket(targetHost, targetPort);
                synchronized (this) {
                    // a connection accepted while the proxy was being cut must not survive the cut
                    if (socket.isClosed()) {
                        client.close();
                        server.close();
                        return;
                    }
                    open.add(client);
                    open.add(server);
                }
                pipe(client, server);
                pipe(server, client);
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** One chunk read from one side, due to be written to the other at {@code dueNanos}. */
    private record Chunk(byte[] bytes, long dueNanos) {
    }

    /**
     * Forwards what {@code from} sends to {@code to}: a reader holds each chunk while frozen, then queues it due after
     * the delay; a writer forwards each when it is due. A delay adds latency only: chunks read meanwhile are not held
     * up behind it.
     */
    private void pipe(Socket from, Socket to) {
        BlockingQueue<Chunk> line = new LinkedBlockingQueue<>();
        Chunk end = new Chunk(new byte[0], 0);
        Thread reader = new Thread(() -> {
            try (InputStream in = from.getInputStream()) {
                byte[] buffer = new byte[8192];
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    thawed.await();
                    long delay = delayMillis;
                    if (delay > 0) {
                        delayedChunks.incrementAndGet();
                    }
                    line.put(new Chunk(Arrays.copyOf(buffer, read), System.nanoTime() + delay * 1_000_000));
                }
            } catch (IOException | InterruptedException dropped) {
                // cut, or one side closed
            } finally {
                line.add(end);
            }
        }, "proxy-read");
        Thread writer = new Thread(() -> {
            try (OutputStream out = to.getOutputStream()) {
                for (Chunk chunk = line.take(); chunk != end; chunk = line.take()) {
                    long wait = chunk.dueNanos() - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    out.write(chunk.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException dropped) {
                // cut, or one side closed
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "proxy-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
