package dev.latchkey.adapter.in.http;

import io.micronaut.runtime.server.EmbeddedServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Requests no well-behaved client sends, written to the socket as bytes (Java's HTTP client refuses control
 * characters and bad header names): the whole answer, read until the server closes.
 */
final class RawHttp {

    private RawHttp() {
    }

    /**
     * Sends {@code requestLine HTTP/1.1} with {@code headers} (UTF-8, the bytes of ASCII and control characters as they
     * are) and {@code body} (with its Content-Length; none when {@code null}).
     */
    static String exchange(EmbeddedServer server, String requestLine, List<String> headers, String body)
            throws IOException {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write((requestLine + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        for (String header : headers) {
            request.write(header.getBytes(StandardCharsets.UTF_8));
            request.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        if (body != null) {
            request.write(("Content-Length: " + content.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        request.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        request.write(content);
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
