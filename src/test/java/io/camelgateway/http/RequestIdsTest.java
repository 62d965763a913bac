package io.camelgateway.http;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A caller's x-request-id is kept only when it is a plain id; anything else gets one of the gateway's. */
class RequestIdsTest {

    private static String idOf(String asked) {
        HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1/chat/completions",
                false); // whatever bytes a client sent
        if (asked != null) {
            head.headers().set("x-request-id", asked);
        }
        return RequestIds.of(head);
    }

    @Test
    void aPlainIdIsKept() {
        assertEquals("4f6c-b2a1:trace/7+x=", idOf("4f6c-b2a1:trace/7+x="));
        assertEquals("a".repeat(128), idOf("a".repeat(128)));
    }

    @Test
    void anythingElseIsReplaced() {
        for (String asked : new String[] {null, "", "a".repeat(129), "has space", "line\r\nSet-Cookie: x=1",
            "tab\there", "<script>", "ünicode", "semi;colon"}) {
            String id = idOf(asked);
            assertNotEquals(asked, id);
            assertTrue(id.matches("req_[0-9a-f]{32}"), id);
        }
        assertNotEquals(idOf(null), idOf(null), "each generated id is new");
    }
}
