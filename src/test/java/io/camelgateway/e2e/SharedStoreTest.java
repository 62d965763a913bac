package io.camelgateway.e2e;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.IntPredicate;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.camelgateway.simulator.ProviderSimulator;
import io.camelgateway.store.PostgresServer;
import io.camelgateway.store.StoreSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two gateway instances sharing one real PostgreSQL database, as a deployment of several would: a key issued on one
 * works on the other, and a key revoked on one is refused by the other within a second.
 */
class SharedStoreTest {
    private static final long WITHIN_MS = 1000;

    private static ProviderSimulator simulator;
    private static TestGateway first;
    private static TestGateway second;

    @BeforeAll
    static void startTwoInstances() {
        PostgresServer postgres = PostgresServer.shared();
        Map<String, String> sharedStore = Map.of(StoreSettings.URL_VARIABLE, postgres.newDatabase(),
                StoreSettings.USER_VARIABLE, postgres.user(), StoreSettings.PASSWORD_VARIABLE, postgres.password());
        simulator = ProviderSimulator.start(0);
        first = TestGateway.start(simulator, sharedStore);
        second = TestGateway.start(simulator, sharedStore);
    }

    @AfterAll
    static void stop() {
        first.close();
        second.close();
        simulator.close();
    }

    @Test
    void keyIssuedOnOneInstanceWorksOnTheOther() {
        JsonNode created = AdminApi.create(first, "{\"name\":\"shared\",\"team\":\"research\"}");
        String key = created.get("key").asText();

        long waited = millisUntil(second, key, status -> status == 200);
        assertTrue(waited <= WITHIN_MS, "the second instance took " + waited + " ms to accept the key");

        JsonNode read = AdminApi.json(AdminApi.call(second, "GET", "/admin/v1/keys/" + created.get("id").asText(),
                null, TestGateway.ADMIN_KEY));
        assertEquals("research", read.get("team").asText());
    }

    @Test
    void keyRevokedOnOneInstanceIsRefusedByTheOtherWithinASecond() {
        JsonNode created = AdminApi.create(first, "{\"name\":\"revoked-everywhere\"}");
        String key = created.get("key").asText();
        millisUntil(second, key, status -> status == 200);

        assertEquals(200, AdminApi.revoke(first, created.get("id").asText()).statusCode());
        long waited = millisUntil(second, key, status -> status == 401);

        assertTrue(waited <= WITHIN_MS, "the second instance still accepted the key " + waited + " ms later");
        HttpResponse<String> refused = AdminApi.useKey(second, key);
        assertTrue(Http.error(refused).get("message").asText().contains("revoked"), refused.body());
        assertEquals(401, AdminApi.useKey(first, key).statusCode(), "the instance that revoked it refuses it at once");
    }

    /** How long until the key gets the awaited status on the gateway; fails after 5 s. */
    private static long millisUntil(TestGateway gateway, String key, IntPredicate awaited) {
        long start = System.nanoTime();
        int status;
        while (!awaited.test(status = AdminApi.useKey(gateway, key).statusCode())) {
            long waited = (System.nanoTime() - start) / 1_000_000;
            if (waited > 5000) {
                throw new AssertionError("still " + status + " after " + waited + " ms");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
