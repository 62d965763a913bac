package io.camelgateway.cache;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.camelgateway.config.GatewayConfig;
import io.camelgateway.config.GatewayConfigLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CacheSettingsTest {

    private static CacheSettings read(String yaml) throws IOException {
        GatewayConfig config = new GatewayConfigLoader(Map.<String, String>of()::get)
                .parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "gateway.yaml");
        return CacheSettings.from(config.root().section("cache"));
    }

    @Test
    void withoutABlockTheCacheIsOff() throws IOException {
        assertFalse(read("models: {}\n").enabled());
    }

    @Test
    void sizesAndDurationsAreReadAsTheDocsWriteThem() throws IOException {
        CacheSettings settings = read("cache:\n  ttl: 30s\n  maxTtl: 1h\n  maxBytes: 2MiB\n  maxEntryBytes: 512KB\n");

        assertTrue(settings.enabled());
        assertEquals(Duration.ofSeconds(30), settings.ttl());
        assertEquals(Duration.ofHours(1), settings.maxTtl());
        assertEquals(2L << 20, settings.maxBytes());
        assertEquals(512 << 10, settings.maxEntryBytes());
    }

    @Test
    void aWrongValueNamesItsField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read("cache:\n  maxBytes: 64KiB\n  maxEntryBytes: 1MiB\n"));
        assertEquals("gateway.yaml: cache.maxEntryBytes: must not be more than maxBytes (65536)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> read("cache:\n  maxBytes: lots\n"));
        assertThrows(IllegalArgumentException.class, () -> read("cache:\n  ttl: 2d\n  maxTtl: 1h\n"));
    }
}
