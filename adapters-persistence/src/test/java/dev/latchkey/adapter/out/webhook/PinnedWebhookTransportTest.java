package dev.latchkey.adapter.out.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.latchkey.application.port.out.webhooks.WebhookTransport;
import dev.latchkey.domain.webhook.WebhookNetworks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport posts only to addresses the network rules allow, connects to the very address it checked (a name
 * that resolves anew to an internal address between check and connect is not followed), keeps the URL's host for
 * {@code Host}, SNI and the certificate's check, and holds one deadline over the whole post.
 */
class PinnedWebhookTransportTest {

    private static final Map<String, String> HEADERS = Map.of("content-type", "application/json",
            "webhook-id", "msg_1", "webhook-signature", "v1,c2lnbmF0dXJl");
    private static final WebhookNetworks LOOPBACK_ALLOWED = WebhookNetworks.allowing(List.of("127.0.0.0/8"));

    /** A resolver the test sets: each name's answers in turn (the last one repeats), and how often it was asked. */
    private static final class ScriptedResolver implements HostResolver {
        private final Map<String, List<String[]>> answers = new java.util.concurrent.ConcurrentHashMap<>();
        final AtomicInteger lookups = new AtomicInteger();

        ScriptedResolver answer(String host, String... addresses) {
            answers.computeIfAbsent(host, h -> new CopyOnWriteArrayList<>()).add(addresses);
            return this;
        }

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            int call = lookups.getAndIncrement();
            List<String[]> script = answers.get(host);
            if (script == null) {
                throw new UnknownHostException(host);
            }
            String[] addresses = script.get(Math.min(call, script.size() - 1));
            List<InetAddress> resolved = new ArrayList<>();
            for (String address : addresses) {
                resolved.add(InetAddress.getByAddress(host, InetAddress.getByName(address).getAddress()));
            }
            return resolved.toArray(InetAddress[]::new);
        }
    }

    /** What the receiver got: the Host header and the body. */
    private record Received(String host, String signature, String body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer receiver;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestHeaders().getFirst("Host"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"),
                    new String(body, StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private int port() {
        return receiver.getAddress().getPort();
    }

    private static PinnedWebhookTransport transport(WebhookNetworks networks, HostResolver resolver) {
        return new PinnedWebhookTransport(Duration.ofSeconds(5), networks, resolver,
                (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    @Test
    void postsToTheAddressItCheckedWithTheUrlsHostAndAsksTheResolverOnce() {
        ScriptedResolver resolver = new ScriptedResolver().answer("hooks.test", "127.0.0.1").answer("hooks.test",
                "10.9.9.9");
        PinnedWebhookTransport transport = transport(LOOPBACK_ALLOWED, resolver);

        WebhookTransport.Outcome outcome = transport.post(URI.create("http://hooks.test:" + port() + "/in?x=1"),
                HEADERS, "{\"a\":1}");

        assertThat(outcome).isEqualTo(new WebhookTransport.Answered(204));
        assertThat(resolver.lookups).as("resolved once: the connection goes to the checked address").hasValue(1);
        assertThat(received).containsExactly(new Received("hooks.test:" + port(), "v1,c2lnbmF0dXJl", "{\"a\":1}"));
    }

    @Test
    void aNameThatRebindsToAnInternalAddressAfterRegistrationIsNotPosted() {
        ScriptedResolver resolver = new ScriptedResolver().answer("rebind.test", "93.184.215.14")
                .answer("rebind.test", "127.0.0.1");
        PinnedWebhookTransport transport = transport(WebhookNetworks.GLOBAL_ONLY, resolver);
        URI url = URI.create("http://rebind.test:" + port() + "/in");

        assertThat(transport.refusal(url)).as("public when it was registered").isEmpty();
        WebhookTransport.Outcome outcome = transport.post(url, HEADERS, "{}");

        assertThat(outcome).isEqualTo(new WebhookTransport.Refused(
                "rebind.test resolves to a refused address: 127.0.0.1 is a loopback address"));
        assertThat(received).isEmpty();
    }

    @Test
    void everyAddressANameResolvesToIsChecked() {
        ScriptedResolver resolver = new ScriptedResolver().answer("split.test", "127.0.0.1", "10.1.2.3");
        PinnedWebhookTransport transport = transport(LOOPBACK_ALLOWED, resolver);
        URI url = URI.create("http://split.test:" + port() + "/in");

        assertThat(transport.refusal(url)).get().asString().contains("10.1.2.3 is a private address");
        assertThat(transport.post(url, HEADERS, "{}")).isInstanceOf(WebhookTransport.Refused.class);
        assertThat(received).isEmpty();
    }

    @Test
    void theIssuesExampleTargetsAreRefusedByDefaultWithoutAPost() {
        ScriptedResolver resolver = new ScriptedResolver();
        PinnedWebhookTransport transport = transport(WebhookNetworks.GLOBAL_ONLY, resolver);

        for (String url : List.of("http://127.0.0.1:" + port() + "/", "http://169.254.169.254/latest/meta-data/",
                "http://10.1.2.3/", "http://[::1]:" + port() + "/", "http://localhost:" + port() + "/",
                "http://192.168.1.1/", "http://[::ffff:127.0.0.1]:" + port() + "/", "http://0.0.0.0:" + port() + "/",
                "http://100.64.0.1/", "http://[fd00::1]/", "http://[fe80::1]/", "http://224.0.0.1/")) {
            assertThat(transport.refusal(URI.create(url))).as(url).isPresent();
            assertThat(transport.post(URI.create(url), HEADERS, "{}")).as(url)
                    .isInstanceOf(WebhookTransport.Refused.class);
        }
        assertThat(resolver.lookups).as("literals and localhost need no lookup").hasValue(0);
        assertThat(received).isEmpty();
    }

    @Test
    void aNameThatDoesNotResolveIsNoAnswerAndNotARefusal() {
        PinnedWebhookTransport transport = transport(WebhookNetworks.GLOBAL_ONLY, new ScriptedResolver());
        URI url = URI.create("http://nowhere.test/in");

        assertThat(transport.refusal(url)).isEmpty();
        assertThat(transport.post(url, HEADERS, "{}"))
                .isEqualTo(new WebhookTransport.NoAnswer("nowhere.test does not resolve"));
    }

    /** A receiver that answers one byte at a time, a byte every 50 ms, for as long as the connection lasts. */
    private static ServerSocket tricklingReceiver(String answer, CountDownLatch closed) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread thread = new Thread(() -> {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                in.read(new byte[8192]); // the request (enough of it)
                OutputStream out = socket.getOutputStream();
                for (int i = 0; ; i++) {
                    out.write(answer.charAt(i % answer.length()));
                    out.flush();
                    Thread.sleep(50);
                }
            } catch (IOException | InterruptedException e) {
                closed.countDown(); // the transport hung up
            }
        });
        thread.setDaemon(true);
        thread.start();
        return server;
    }

    @Test
    void aReceiverTricklingItsAnswerIsCutOffAtTheDeadline() throws IOException {
        CountDownLatch closed = new CountDownLatch(1);
        try (ServerSocket trickler = tricklingReceiver("HTTP/1.1 100 Continue\r\nx-wait: " + "z".repeat(100), closed)) {
            PinnedWebhookTransport transport = new PinnedWebhookTransport(Duration.ofMillis(500), LOOPBACK_ALLOWED,
                    new ScriptedResolver(), (SSLSocketFactory) SSLSocketFactory.getDefault());

            WebhookTransport.Outcome outcome = assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                    transport.post(URI.create("http://127.0.0.1:" + trickler.getLocalPort() + "/"), HEADERS, "{}"));

            assertThat(outcome).isEqualTo(new WebhookTransport.NoAnswer("timed out after 500 ms"));
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> closed.await());
        }
    }

    @Test
    void aReceiverTricklingItsBodyDoesNotHoldThePost() throws IOException {
        CountDownLatch closed = new CountDownLatch(1);
        try (ServerSocket trickler = tricklingReceiver("HTTP/1.1 200 OK\r\ncontent-length: 100000000\r\n\r\n"
                + "b".repeat(1000), closed)) {
            PinnedWebhookTransport transport = new PinnedWebhookTransport(Duration.ofMinutes(10), LOOPBACK_ALLOWED,
                    new ScriptedResolver(), (SSLSocketFactory) SSLSocketFactory.getDefault());

            WebhookTransport.Outcome outcome = assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                    transport.post(URI.create("http://127.0.0.1:" + trickler.getLocalPort() + "/"), HEADERS, "{}"));

            assertThat(outcome).as("the status is all it reads").isEqualTo(new WebhookTransport.Answered(200));
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> closed.await());
        }
    }

    @Test
    void overHttpsTheCertificateIsCheckedForTheUrlsNameNotTheAddress(@TempDir Path dir) throws Exception {
        char[] password = "changeit".toCharArray();
        Path keyStoreFile = dir.resolve("hooks.p12");
        keytool("-genkeypair", "-alias", "hooks", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=hooks.test", "-ext", "SAN=dns:hooks.test", "-storetype", "PKCS12",
                "-keystore", keyStoreFile.toString(), "-storepass", "changeit");
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStoreFile)) {
            keyStore.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, password);
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keys.getKeyManagers(), null, null);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keyStore);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, trust.getTrustManagers(), null);

        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<String> serverNames = new CopyOnWriteArrayList<>();
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext) {
            @Override
            public void configure(HttpsParameters parameters) {
                SSLParameters ssl = serverContext.getDefaultSSLParameters();
                ssl.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
                    @Override
                    public boolean matches(SNIServerName name) {
                        serverNames.add(((SNIHostName) name).getAsciiName());
                        return true;
                    }
                }));
                parameters.setSSLParameters(ssl);
            }
        });
        List<String> hosts = new CopyOnWriteArrayList<>();
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            hosts.add(exchange.getRequestHeaders().getFirst("Host"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            ScriptedResolver resolver = new ScriptedResolver().answer("hooks.test", "127.0.0.1")
                    .answer("other.test", "127.0.0.1");
            PinnedWebhookTransport transport = new PinnedWebhookTransport(Duration.ofSeconds(5), LOOPBACK_ALLOWED,
                    resolver, clientContext.getSocketFactory());

            assertThat(transport.post(URI.create("https://hooks.test:" + port + "/in"), HEADERS, "{}"))
                    .isEqualTo(new WebhookTransport.Answered(204));
            assertThat(hosts).containsExactly("hooks.test:" + port);
            assertThat(serverNames).as("SNI").containsExactly("hooks.test");
            assertThat(transport.post(URI.create("https://other.test:" + port + "/in"), HEADERS, "{}"))
                    .as("a certificate for hooks.test does not do for other.test, whatever the address")
                    .isEqualTo(new WebhookTransport.NoAnswer(
                            "the TLS handshake failed (is the certificate valid for other.test?)"));
            assertThat(transport.post(URI.create("https://127.0.0.1:" + port + "/in"), HEADERS, "{}"))
                    .as("nor for the address itself").isInstanceOf(WebhookTransport.NoAnswer.class);
            assertThat(hosts).hasSize(1);
        } finally {
            server.stop(0);
        }
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(Arrays.asList(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("keytool %s: %s", args[0], output).isZero();
    }
}
