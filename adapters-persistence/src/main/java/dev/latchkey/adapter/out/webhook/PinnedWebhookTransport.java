package dev.latchkey.adapter.out.webhook;

import dev.latchkey.application.port.out.webhooks.WebhookTransport;
import dev.latchkey.domain.apikey.Cidr;
import dev.latchkey.domain.webhook.WebhookNetworks;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts webhooks over HTTP/1.1 to an address it has checked: the receiver's host is resolved once, every address it
 * resolves to must pass the network rules ({@link WebhookNetworks}: global unicast only, unless inside
 * {@code latchkey.webhooks.allowed-networks}), and the socket is connected to one of those very addresses, so a name
 * cannot resolve to a public address for the check and to an internal one for the connection (DNS rebinding). The
 * request still carries the URL's {@code Host}, and over https the TLS handshake sends the URL's host name (SNI) and
 * verifies the certificate against it. A redirect is not followed (a 3xx is a failed attempt). One deadline,
 * {@code latchkey.webhooks.timeout} (5 s), bounds the whole post: lookup, connect, handshake, request and answer; when
 * it passes the socket is closed under whatever is reading it, so a receiver that trickles its answer cannot hold the
 * worker. Only the status line is read. A failure is logged by host and kind only: never a header (the signature) or
 * the body.
 *
 * <p>Why not the JDK's {@code HttpClient} (used before): it resolves the host itself, after any check of ours, and JDK 17
 * has no resolver per client (the resolver SPI of JDK 18 is JVM-wide); pointing it at the checked IP literal instead
 * would not do either, as it refuses to set {@code Host} (a restricted header) and would verify the TLS certificate
 * against the IP rather than the name. A webhook is one POST with a few headers of which only the status line is read,
 * so this transport speaks that much HTTP/1.1 itself over a socket it connects, and leaves TLS to the JDK's JSSE.
 */
@Singleton
final class PinnedWebhookTransport implements WebhookTransport {

    private static final Logger LOG = LoggerFactory.getLogger(PinnedWebhookTransport.class);
    /** Bytes of answer read at most: the status line, and the heads of any 1xx answers before it. */
    private static final int MAX_ANSWER_HEAD = 16 * 1024;
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3})(?: .*)?");

    private final Duration timeout;
    private final WebhookNetworks networks;
    private final HostResolver resolver;
    private final SSLSocketFactory tls;
    /** Closes the socket of a post whose deadline has passed. */
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(
            daemon("latchkey-webhook-deadlines"));
    /** Lookups run here, so that one the resolver sits on cannot hold the worker past its deadline. */
    private final ExecutorService lookups = Executors.newCachedThreadPool(daemon("latchkey-webhook-lookups"));

    @Inject
    PinnedWebhookTransport(@Value("${latchkey.webhooks.timeout:5s}") Duration timeout,
                           @Value("${latchkey.webhooks.allowed-networks:}") List<String> allowedNetworks,
                           HostResolver resolver) {
        this(timeout, WebhookNetworks.allowing(allowedNetworks), resolver,
                (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    PinnedWebhookTransport(Duration timeout, WebhookNetworks networks, HostResolver resolver, SSLSocketFactory tls) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("latchkey.webhooks.timeout must be positive");
        }
        this.timeout = timeout;
        this.networks = networks;
        this.resolver = resolver;
        this.tls = tls;
    }

    @Override
    public Optional<String> refusal(URI url) {
        try {
            resolve(url, System.nanoTime() + timeout.toNanos());
            return Optional.empty();
        } catch (Refusal refusal) {
            return Optional.of(refusal.getMessage());
        } catch (IOException e) {
            return Optional.empty(); // does not resolve now: each delivery checks again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public Outcome post(URI url, Map<String, String> headers, String body) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String host = host(url);
        AtomicReference<Socket> connection = new AtomicReference<>();
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> watchdog = deadlines.schedule(() -> {
            expired.set(true);
            closeQuietly(connection.get());
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        Socket socket = null;
        try {
            List<InetAddress> addresses = resolve(url, deadline);
            socket = connect(addresses, port(url), deadline, connection, expired);
            if (isHttps(url)) {
                socket = handshake(socket, host, port(url), deadline);
            }
            socket.setSoTimeout(remainingMillis(deadline));
            send(socket.getOutputStream(), url, headers, body);
            return new Answered(status(new BufferedInputStream(socket.getInputStream())));
        } catch (Refusal refusal) {
            LOG.debug("webhook to {} not posted: the network rules refuse its address", host);
            return new Refused(refusal.getMessage());
        } catch (IOException e) {
            String reason = expired.get() || e instanceof SocketTimeoutException
                    ? "timed out after " + timeout.toMillis() + " ms" : reason(e, host);
            LOG.debug("webhook to {} not delivered: {}", host, reason);
            return new NoAnswer(reason);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new NoAnswer("interrupted");
        } finally {
            watchdog.cancel(false);
            closeQuietly(socket);
            closeQuietly(connection.get());
        }
    }

    /** Every address of the URL's host, each allowed by the network rules; a {@link Refusal} when one is not. */
    private List<InetAddress> resolve(URI url, long deadline) throws IOException, InterruptedException, Refusal {
        String host = host(url);
        Optional<String> byName = networks.refusalOfName(host);
        if (byName.isPresent()) {
            throw new Refusal(byName.get());
        }
        Optional<byte[]> literal = Cidr.literal(host);
        InetAddress[] addresses = literal.isPresent() ? new InetAddress[] {InetAddress.getByAddress(literal.get())}
                : lookup(host, deadline);
        if (addresses.length == 0) {
            throw new UnknownHostException(host);
        }
        for (InetAddress address : addresses) {
            Optional<String> refused = networks.refusal(address.getAddress());
            if (refused.isPresent()) {
                throw new Refusal(literal.isPresent() ? refused.get()
                        : host + " resolves to a refused address: " + refused.get());
            }
        }
        return List.of(addresses);
    }

    private InetAddress[] lookup(String host, long deadline) throws IOException, InterruptedException {
        Future<InetAddress[]> answer = lookups.submit(() -> resolver.resolve(host));
        try {
            return answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new SocketTimeoutException("lookup timed out");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException failure) {
                throw failure;
            }
            throw new IOException("lookup failed", e.getCause());
        }
    }

    /** A socket connected to the first of the checked addresses that takes the connection. */
    private static Socket connect(List<InetAddress> addresses, int port, long deadline,
                                  AtomicReference<Socket> connection, AtomicBoolean expired) throws IOException {
        IOException last = null;
        for (InetAddress address : addresses) {
            Socket socket = new Socket();
            connection.set(socket);
            if (expired.get()) {
                socket.close();
                throw new SocketTimeoutException("deadline passed");
            }
            try {
                socket.connect(new InetSocketAddress(address, port), remainingMillis(deadline));
                return socket;
            } catch (IOException e) {
                closeQuietly(socket);
                last = e;
            }
        }
        throw last;
    }

    /** TLS over the connected socket, with the URL's host name for SNI and for the certificate's check. */
    private Socket handshake(Socket connected, String host, int port, long deadline) throws IOException {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        SSLSocket socket = (SSLSocket) tls.createSocket(connected, name, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (Cidr.literal(name).isEmpty()) {
            try {
                parameters.setServerNames(List.of(new SNIHostName(name)));
            } catch (IllegalArgumentException e) {
                // not a name SNI can carry (e.g. an underscore): the certificate is still checked against it
            }
        }
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(remainingMillis(deadline));
        socket.startHandshake();
        return socket;
    }

    private static void send(OutputStream out, URI url, Map<String, String> headers, String body) throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        StringBuilder head = new StringBuilder("POST ").append(path)
                .append(url.getRawQuery() == null ? "" : "?" + url.getRawQuery()).append(" HTTP/1.1\r\n")
                .append("host: ").append(url.getRawAuthority()).append("\r\n")
                .append("content-length: ").append(content.length).append("\r\n")
                .append("connection: close\r\n");
        headers.forEach((name, value) -> {
            if (!name.matches("[A-Za-z0-9-]+") || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("a webhook header that cannot be sent: " + name);
            }
            head.append(name).append(": ").append(value).append("\r\n");
        });
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        out.write(content);
        out.flush();
    }

    /** The status of the receiver's final answer (1xx answers before it skipped). */
    private static int status(InputStream in) throws IOException {
        int[] budget = {MAX_ANSWER_HEAD};
        while (true) {
            Matcher statusLine = STATUS_LINE.matcher(line(in, budget));
            if (!statusLine.matches()) {
                throw new ProtocolException("not an HTTP/1.1 answer");
            }
            int status = Integer.parseInt(statusLine.group(1));
            if (status >= 200) {
                return status;
            }
            if (status < 100) {
                throw new ProtocolException("not an HTTP status");
            }
            while (!line(in, budget).isEmpty()) {
                // the head of an informational answer: skipped
            }
        }
    }

    private static String line(InputStream in, int[] budget) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int next = in.read();
            if (next < 0) {
                throw new EOFException("the answer ended early");
            }
            if (--budget[0] < 0) {
                throw new ProtocolException("the answer's head is too long");
            }
            if (next == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) next);
        }
    }

    private static String reason(IOException e, String host) {
        if (e instanceof UnknownHostException) {
            return host + " does not resolve";
        }
        if (e instanceof ConnectException) {
            return "the connection was refused";
        }
        if (e instanceof SSLException) {
            return "the TLS handshake failed (is the certificate valid for " + host + "?)";
        }
        if (e instanceof ProtocolException || e instanceof EOFException) {
            return "not an HTTP answer";
        }
        return "the connection failed";
    }

    private static String host(URI url) {
        String host = url.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean isHttps(URI url) {
        return "https".equals(url.getScheme().toLowerCase(Locale.ROOT));
    }

    private static int port(URI url) {
        return url.getPort() >= 0 ? url.getPort() : isHttps(url) ? 443 : 80;
    }

    /** Milliseconds left before {@code deadline}, at least 1 (0 would mean "no timeout" to a socket). */
    private static int remainingMillis(long deadline) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left));
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all that was asked
            }
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @PreDestroy
    void close() {
        deadlines.shutdownNow();
        lookups.shutdownNow();
    }

    /** A target the network rules refuse, and why. */
    private static final class Refusal extends Exception {
        Refusal(String reason) {
            super(reason, null, false, false);
        }
    }
}
