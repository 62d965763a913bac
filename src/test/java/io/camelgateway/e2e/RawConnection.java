package io.camelgateway.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelgateway.api.Json;

/**
 * One TCP connection to the gateway, written and read byte by byte, for what HTTP clients never send or hide:
 * bodies that never finish, malformed heads, connections that only wait, HTTP/1.0, pipelined requests, how a body
 * is framed and whether the gateway closes the connection afterwards. Text goes out as ISO-8859-1, one char a byte,
 * so a test can send any byte.
 */
final class RawConnection implements AutoCloseable {
    private static final Duration READ_WAIT = Duration.ofSeconds(15);
    private static final int MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

    private final Socket socket;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    /** System.nanoTime() by which the read under way must have its bytes. */
    private long deadline;

    RawConnection(TestGateway gateway) {
        try {
            socket = new Socket("127.0.0.1", gateway.port());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A response as it came on the wire; {@code framing} says how its end was known. Header names are lower case. */
    record Response(String statusLine, Map<String, String> headers, String body, Framing framing) {
        int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The {@code error} object of an OpenAI-shaped error body. */
        JsonNode error() {
            try {
                JsonNode error = Json.tree(body).get("error");
                if (error == null) {
                    throw new AssertionError("no error object in " + body);
                }
                return error;
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    enum Framing { CONTENT_LENGTH, CHUNKED, CLOSE }

    /** A chat request with the caller key, as an HTTP/1.0 or 1.1 client would write it, extra header lines included. */
    static String chatRequest(String version, String body, String... headerLines) {
        byte[] utf8 = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder("POST /v1/chat/completions ").append(version).append("\r\n")
                .append("Host: 127.0.0.1\r\nContent-Type: application/json\r\n")
                .append("Authorization: Bearer ").append(TestGateway.CALLER_KEY).append("\r\n")
                .append("Content-Length: ").append(utf8.length).append("\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        // send() writes a char a byte: the body's UTF-8 bytes, one char each
        return request.append("\r\n").append(new String(utf8, StandardCharsets.ISO_8859_1)).toString();
    }

    RawConnection send(String... texts) {
        try {
            socket.getOutputStream().write(String.join("", texts).getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the next response whole, waiting for it at most 15 seconds. */
    Response read() {
        return read(READ_WAIT);
    }

    /** Reads the next response whole, by its Content-Length, its chunks, or (neither given) up to the close. */
    Response read(Duration within) {
        deadline = System.nanoTime() + within.toNanos();
        try {
            String statusLine = line();
            if (statusLine == null) {
                throw new AssertionError("the connection closed before a response");
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
                byte[] body = bytes(Integer.parseInt(headers.get("content-length")));
                return new Response(statusLine, headers, new String(body, StandardCharsets.UTF_8), Framing.CONTENT_LENGTH);
            }
            return new Response(statusLine, headers, bodyUpToTheClose(), Framing.CLOSE);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no whole response within " + within.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads until a line that starts with this prefix (the first event of a stream, say), at most 15 seconds. */
    void readUntilLineStartingWith(String prefix) {
        deadline = System.nanoTime() + READ_WAIT.toNanos();
        try {
            for (String line = line(); line != null; line = line()) {
                if (line.startsWith(prefix)) {
                    return;
                }
            }
            throw new AssertionError("the connection closed before a line starting with " + prefix);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no line starting with " + prefix + " within " + READ_WAIT.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * True when the gateway ends the connection (end of stream, or a reset) within this time with nothing more sent;
     * false when it is still open then, or sent more.
     */
    boolean closedWithin(Duration time) {
        if (position < limit) {
            return false;
        }
        deadline = System.nanoTime() + time.toNanos();
        try {
            return !fill();
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            if (sizeLine == null) {
                throw new AssertionError("the connection closed inside a chunked body, after: " + body);
            }
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                    // trailers are not used by the gateway
                }
                return body.toString(StandardCharsets.UTF_8);
            }
            if (body.size() + size > MAX_RESPONSE_BYTES) {
                throw new AssertionError("a chunked body longer than " + MAX_RESPONSE_BYTES + " bytes");
            }
            body.write(bytes(size));
            line(); // the CRLF after the chunk
        }
    }

    private String bodyUpToTheClose() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int b = next(); b >= 0; b = next()) {
            if (body.size() == MAX_RESPONSE_BYTES) {
                throw new AssertionError("a body longer than " + MAX_RESPONSE_BYTES + " bytes");
            }
            body.write(b);
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    private byte[] bytes(int count) throws IOException {
        if (count > MAX_RESPONSE_BYTES) {
            throw new AssertionError("a body of " + count + " bytes, more than " + MAX_RESPONSE_BYTES);
        }
        byte[] bytes = new byte[count];
        int read = 0;
        while (read < count) {
            if (position == limit && !fill()) {
                throw new AssertionError("the connection closed after " + read + " of " + count + " bytes: "
                        + new String(bytes, 0, read, StandardCharsets.UTF_8));
            }
            int n = Math.min(count - read, limit - position);
            System.arraycopy(buffer, position, bytes, read, n);
            position += n;
            read += n;
        }
        return bytes;
    }

    /** A CRLF-terminated line without its CRLF, or null at the end of the stream. */
    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = next()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            if (line.size() == MAX_RESPONSE_BYTES) {
                throw new AssertionError("a line longer than " + MAX_RESPONSE_BYTES + " bytes");
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    private int next() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    /** Reads what the socket has into the buffer, waiting no later than the deadline; false at the end of stream. */
    private boolean fill() throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("the time given has passed");
        }
        socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        int n = socket.getInputStream().read(buffer);
        if (n < 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
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
