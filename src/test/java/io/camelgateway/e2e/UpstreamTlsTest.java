package io.camelgateway.e2e;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.camelgateway.simulator.ProviderSimulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real providers speak HTTPS. The gateway reaches one whose certificate the JVM trusts, and refuses one whose
 * certificate is trusted but names another host. The certificates are made here with the JDK's keytool.
 */
class UpstreamTlsTest {
    private static final char[] PASSWORD = "changeit".toCharArray();
    static Path dir;
    static String previousTrustStore;

    @BeforeAll
    static void certificates() throws Exception {
        dir = Files.createTempDirectory("tls");
        keyPair("right", "SAN=ip:127.0.0.1,dns:localhost");
        keyPair("wrong", "SAN=dns:some-other-host.example");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, PASSWORD);
        for (String name : List.of("right", "wrong")) {
            trust.setCertificateEntry(name, load(name).getCertificate(name));
        }
        Path trustFile = dir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(trustFile)) {
            trust.store(out, PASSWORD);
        }
        previousTrustStore = System.getProperty("javax.net.ssl.trustStore");
        System.setProperty("javax.net.ssl.trustStore", trustFile.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    }

    @AfterAll
    static void restore() {
        if (previousTrustStore == null) {
            System.clearProperty("javax.net.ssl.trustStore");
        } else {
            System.setProperty("javax.net.ssl.trustStore", previousTrustStore);
        }
        System.clearProperty("javax.net.ssl.trustStorePassword");
        System.clearProperty("javax.net.ssl.trustStoreType");
    }

    @Test
    void providerOverHttpsAnswersPlainAndStreamed() throws Exception {
        try (ProviderSimulator simulator = ProviderSimulator.startTls(0, server("right"));
             TestGateway gateway = TestGateway.start(simulator)) {
            assertTrue(simulator.baseUrl().startsWith("https://"));
            HttpResponse<String> plain = Http.post(gateway, "/v1/chat/completions",
                    Http.chat("anthropic/claude-sonnet-4-5", "over tls", false));
            assertEquals(200, plain.statusCode(), plain.body());
            assertTrue(plain.body().contains("Simulated anthropic answer to: over tls"), plain.body());

            HttpResponse<String> streamed = Http.post(gateway, "/v1/chat/completions",
                    Http.chat("openai/gpt-4o-mini", "streamed over tls", true));
            assertEquals("Simulated openai answer to: streamed over tls", StreamingTest.text(streamed.body()));
        }
    }

    @Test
    void certificateForAnotherHostIsRefused() throws Exception {
        try (ProviderSimulator simulator = ProviderSimulator.startTls(0, server("wrong"));
             TestGateway gateway = TestGateway.start(simulator)) {
            HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions",
                    Http.chat("openai/gpt-4o-mini", "hello", false));
            assertEquals(502, r.statusCode(), r.body());
            assertEquals("upstream_tls_failed", Http.error(r).get("code").asText());
            assertTrue(simulator.received().isEmpty(), "nothing was sent over the untrusted connection");
        }
    }

    private static void keyPair(String name, String san) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", name, "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=provider-simulator", "-ext", san, "-validity", "2",
                "-keystore", dir.resolve(name + ".p12").toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "keytool failed: " + output);
    }

    private static KeyStore load(String name) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(name + ".p12"))) {
            store.load(in, PASSWORD);
        }
        return store;
    }

    private static SslContext server(String name) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(name), PASSWORD);
        return SslContextBuilder.forServer(keys).build();
    }
}
