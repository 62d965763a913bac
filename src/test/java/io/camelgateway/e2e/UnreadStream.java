package io.camelgateway.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A caller who asks for a stream on a connection of its own and reads nothing of it yet. */
public final class UnreadStream {
    private UnreadStream() {
    }

    /** Sends a streamed chat request on a new connection whose receive window stays small; nothing is read. */
    public static Socket open(TestGateway gateway, String model, String text) throws IOException {
        String body = Http.chat(model, text, true);
        Socket socket = new Socket();
        socket.setReceiveBufferSize(64 * 1024); // before connecting, so that the window stays this small
        socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()));
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + TestGateway.CALLER_KEY + "\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
        out.flush();
        return socket;
    }
}
