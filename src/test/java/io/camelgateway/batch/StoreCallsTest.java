package io.camelgateway.batch;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import io.camelgateway.api.GatewayException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** How the store's endpoints read which item, and which part of it, a URL names. */
class StoreCallsTest {
    private static final String ID = "file-0123456789abcdef0123456789ab";

    @Test
    void collectionItemAndSubResourceAreRead() {
        Exchange collection = address("/v1/files/?purpose=batch");
        assertNull(collection.getProperty(FilesEndpoint.FILE_ID));
        assertNull(collection.getProperty(FilesEndpoint.CONTENT));

        Exchange item = address("/v1/files/" + ID);
        assertEquals(ID, item.getProperty(FilesEndpoint.FILE_ID));
        assertEquals(false, item.getProperty(FilesEndpoint.CONTENT));

        Exchange content = address("/v1/files/" + ID + "/content");
        assertEquals(ID, content.getProperty(FilesEndpoint.FILE_ID));
        assertEquals(true, content.getProperty(FilesEndpoint.CONTENT));
    }

    @Test
    void anyOtherUrlUnderTheCollectionIsUnknown() {
        for (String path : new String[] {"/v1/files/file-1", "/v1/files/" + ID + "/other",
                "/v1/files/" + ID + "/content/x", "/v1/filesx", "/v1/files//content"}) {
            GatewayException e = assertThrows(GatewayException.class, () -> address(path), path);
            assertEquals(404, e.status(), path);
            assertEquals("unknown_url", e.code(), path);
        }
    }

    private static Exchange address(String uri) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "GET");
        exchange.getMessage().setHeader(Exchange.HTTP_URI, uri);
        new FilesEndpoint(null, 1, 1).address(exchange);
        return exchange;
    }
}
