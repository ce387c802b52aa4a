package dev.latchkey.adapter.out.persistence.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A loopback TCP forwarder to the database that a test can cut (every connection dropped, new ones refused), freeze
 * (connections open and accepted, but not a byte forwarded, as a server stopped with SIGSTOP or behind a black hole)
 * and restore.
 */
public final class CuttableTcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;
    private volatile CountDownLatch thawed = new CountDownLatch(0);

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

    private void pipe(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                byte[] buffer = new byte[8192];
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    thawed.await();
                    out.write(buffer, 0, read);
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
        }, "proxy-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
