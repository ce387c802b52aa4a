package dev.latchkey.bootstrap;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real nginx in the foreground, one process, serving the configuration files a test gives it (the repository's
 * examples, with their addresses changed). Fails, never skips, when nginx is missing and cannot be installed.
 */
final class NginxProcess extends GatewayProcess {

    private final Path conf;

    private NginxProcess(Process process, Path conf, int port) {
        super(process, port);
        this.conf = conf;
    }

    /** nginx's error log, to explain a failed assertion. */
    String errors() throws IOException {
        return Files.readString(conf.resolve("error.log"));
    }

    /**
     * Writes {@code files} under {@code dir}/nginx, includes {@code include} in the http block, starts nginx and waits
     * until it listens on {@code port} (which the configuration must name).
     */
    static NginxProcess start(Path dir, int port, String include, Map<String, String> files) throws Exception {
        Path conf = Files.createDirectories(dir.resolve("nginx"));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(conf.resolve(file.getKey()), file.getValue());
        }
        Files.writeString(conf.resolve("nginx.conf"), String.join("\n",
                "daemon off;", "master_process off;", "pid " + conf.resolve("nginx.pid") + ";",
                "error_log " + conf.resolve("error.log") + " warn;", "events {}", "http {", "access_log off;",
                "client_body_temp_path " + conf.resolve("body") + ";", "proxy_temp_path " + conf.resolve("proxy") + ";",
                "fastcgi_temp_path " + conf.resolve("fastcgi") + ";", "uwsgi_temp_path " + conf.resolve("uwsgi") + ";",
                "scgi_temp_path " + conf.resolve("scgi") + ";", "include " + include + ";", "}", ""));
        Process process = new ProcessBuilder(binary(), "-p", conf.toString(), "-c", conf.resolve("nginx.conf").toString())
                .redirectErrorStream(true).redirectOutput(conf.resolve("stdout.log").toFile()).start();
        NginxProcess nginx = new NginxProcess(process, conf, port);
        nginx.awaitListening("nginx", () -> Files.readString(conf.resolve("stdout.log")) + nginx.errors());
        return nginx;
    }

    /** nginx on the PATH or in /usr/sbin; installed with apt-get (as root) when missing. */
    private static String binary() throws Exception {
        return binary(List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"),
                "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light",
                "/usr/sbin/nginx", "nginx with auth_request (Debian: apt-get install nginx-light)");
    }

    /**
     * GET {@code path} from the local address {@code from} (any 127.x address reaches loopback): the status code and
     * the response headers, as "429\nretry-after: 300\n...".
     */
    static String getFrom(String from, int port, String path, String... headers) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            socket.getOutputStream().write(request.append("Connection: close\r\n\r\n").toString()
                    .getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            String head = answer.contains("\r\n\r\n") ? answer.substring(0, answer.indexOf("\r\n\r\n")) : answer;
            return head.substring(head.indexOf(' ') + 1, head.indexOf(' ') + 4) + "\n"
                    + head.substring(head.indexOf("\r\n") + 2).replace("\r\n", "\n");
        }
    }
}
