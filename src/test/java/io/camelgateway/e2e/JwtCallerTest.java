package io.camelgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;

import io.camelgateway.api.Json;
import io.camelgateway.security.jwt.JwtSchemes;
import io.camelgateway.security.jwt.TestIssuer;
import io.camelgateway.simulator.ProviderSimulator;
import io.camelgateway.simulator.RecordedRequest;

/**
 * A caller with a JWT of a configured issuer, through the real gateway over HTTP: a good token gets a chat answer,
 * a bad one a 401 invalid_token on the request head, before the body is read.
 */
class JwtCallerTest {
    private static final Duration AT_ONCE = Duration.ofMillis(1500);
    private static TestIssuer issuer;
    private static ProviderSimulator simulator;
    private static TestGateway gateway;
    private static LogCapture logs;

    @BeforeAll
    static void start() {
        logs = new LogCapture();
        issuer = new TestIssuer("https://login.example.com/realms/llm");
        simulator = ProviderSimulator.start(0);
        gateway = TestGateway.start(simulator, Map.of(), Map.of(), issuer.config("jwksMinInterval: 200ms"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        simulator.close();
        issuer.close();
        logs.close();
    }

    /** No part of the token, and not its claim set, appears in anything the gateway logged. */
    private static void assertNotLogged(String token) {
        for (String part : token.split("\\.")) {
            for (String line : logs.lines()) {
                assertFalse(line.contains(part.substring(0, Math.min(part.length(), 24))), "logged: " + line);
            }
        }
        for (String line : logs.lines()) {
            assertFalse(line.contains("\"sub\"") || line.contains("sub="), "a claim set was logged: " + line);
        }
    }

    @BeforeEach
    void clear() {
        simulator.clearReceived();
    }

    @Test
    void callerWithAValidTokenGetsAChatAnswerAndTheProviderNeverSeesTheToken() throws Exception {
        String token = issuer.token();

        HttpResponse<String> answer = Http.post(gateway, "/v1/chat/completions",
                Http.chat("gpt-4o-mini", "hello", false), token);

        assertEquals(200, answer.statusCode(), answer.body());
        assertFalse(Json.tree(answer.body()).path("choices").path(0).path("message").path("content").asText().isEmpty());
        List<RecordedRequest> received = simulator.received();
        assertEquals(1, received.size());
        assertEquals("Bearer sim-openai-key", received.get(0).header("Authorization"));
        assertFalse(received.get(0).headers().toString().contains(token.substring(0, 40)));
        assertNotLogged(token);
    }

    @Test
    void expiredTokenIs401OnTheHeadOfAnUnfinishedUpload() {
        String expired = issuer.token(issuer.claims().expirationTime(Date.from(Instant.now().minusSeconds(600)))
                .build());
        try (RawConnection client = new RawConnection(gateway)) {
            client.send("POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\nAuthorization: Bearer " + expired + "\r\n\r\n1000\r\n"
                    + "x".repeat(4096) + "\r\n");
            RawConnection.Response answer = client.read(AT_ONCE);

            assertEquals(401, answer.status(), answer.body());
            assertEquals("invalid_token", answer.error().get("code").asText());
            assertEquals(JwtSchemes.INVALID_TOKEN, answer.error().get("message").asText());
            assertTrue(client.closedWithin(AT_ONCE), "the connection ends although the body never did");
        }
        assertTrue(simulator.received().isEmpty());
        assertTrue(logs.lines().stream().anyMatch(line -> line.endsWith(": jwt:expired")), logs.lines()::toString);
        assertNotLogged(expired);
    }

    @Test
    void tokenSignedWithAKeyTheIssuerRotatedInIsAcceptedWithoutRestart() throws Exception {
        assertEquals(200, Http.post(gateway, "/v1/chat/completions", Http.chat("gpt-4o-mini", "one", false),
                issuer.token()).statusCode());
        issuer.rotate(true);
        Thread.sleep(250);

        assertEquals(200, Http.post(gateway, "/v1/chat/completions", Http.chat("gpt-4o-mini", "two", false),
                issuer.token()).statusCode());
        String stranger = TestIssuer.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("stranger").build(),
                issuer.claims().build(), TestIssuer.newKey("stranger"));
        HttpResponse<String> refused = Http.post(gateway, "/v1/chat/completions",
                Http.chat("gpt-4o-mini", "three", false), stranger);
        assertEquals(401, refused.statusCode(), refused.body());
        assertEquals("invalid_token", Json.tree(refused.body()).path("error").path("code").asText());
        assertNotLogged(stranger);
    }
}
