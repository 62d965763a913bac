package io.camelgateway.e2e;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One TCP connection to the gateway, written and read byte by byte, to see exactly what a client gets: HTTP/1.0,
 * pipelined requests, how a body is framed and whether the gateway closes the connection afterwards.
 */
final class RawConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;

    RawConnection(TestGateway gateway) {
        try {
            socket = new Socket("127.0.0.1", gateway.port());
            socket.setSoTimeout(15_000);
            in = new BufferedInputStream(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A response as it came on the wire; {@code framing} says how its end was known. */
    record Response(String statusLine, Map<String, String> headers, String body, Framing framing) {
        int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    enum Framing { CONTENT_LENGTH, CHUNKED, CLOSE }

    /** A chat request with the caller key, as an HTTP/1.0 or 1.1 client would write it, extra header lines included. */
    static String chatRequest(String version, String body, String... headerLines) {
        StringBuilder request = new StringBuilder("POST /v1/chat/completions ").append(version).append("\r\n")
                .append("Host: 127.0.0.1\r\nContent-Type: application/json\r\n")
                .append("Authorization: Bearer ").append(TestGateway.CALLER_KEY).append("\r\n")
                .append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        return request.append("\r\n").append(body).toString();
    }

    void send(String... requests) {
        try {
            socket.getOutputStream().write(String.join("", requests).getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the next response whole, by its Content-Length, its chunks, or (neither given) up to the close. */
    Response read() {
        try {
            String statusLine = line();
            if (statusLine == null) {
                throw new EOFException("the connection closed before a response");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = line(); line != null && !line.isEmpty(); line = line()) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                return new Response(statusLine, headers, chunkedBody(), Framing.CHUNKED);
            }
            if (headers.containsKey("content-length")) {
                byte[] body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
                return new Response(statusLine, headers, new String(body, StandardCharsets.UTF_8), Framing.CONTENT_LENGTH);
            }
            return new Response(statusLine, headers, new String(in.readAllBytes(), StandardCharsets.UTF_8), Framing.CLOSE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads until a line that starts with this prefix (the first event of a stream, say). */
    void readUntilLineStartingWith(String prefix) {
        try {
            for (String line = line(); line != null; line = line()) {
                if (line.startsWith(prefix)) {
                    return;
                }
            }
            throw new EOFException("the connection closed before a line starting with " + prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when the gateway closed the connection (nothing more to read), false when it is still open. */
    boolean isClosedByGateway() {
        try {
            socket.setSoTimeout(500);
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private String chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            if (sizeLine == null) {
                throw new EOFException("the connection closed inside a chunked body, after: " + body);
            }
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                    // trailers are not used by the gateway
                }
                return body.toString(StandardCharsets.UTF_8);
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) {
                throw new EOFException("the connection closed inside a chunk, after: " + body);
            }
            body.write(chunk);
            line(); // the CRLF after the chunk
        }
    }

    /** A CRLF-terminated line without its CRLF, or null at the end of the stream. */
    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.US_ASCII);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a test socket
        }
    }
}
