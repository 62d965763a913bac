package io.camelgateway.e2e;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.camelgateway.security.VirtualKeys;
import io.camelgateway.store.Database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Virtual keys through the admin API, on the embedded store (H2 in the gateway's data folder): issued once, used,
 * changed, revoked, expired, and never shown again, logged or stored.
 */
class VirtualKeysTest extends GatewayTestSupport {

    @Test
    void issuedKeyIsShownOnceAndWorksAtOnce() {
        long before = Instant.now().getEpochSecond();
        JsonNode created = AdminApi.create(gateway,
                "{\"name\":\"ci-bot\",\"team\":\"research\",\"roles\":[\"reader\"],\"ttl\":\"30d\"}");

        String key = created.get("key").asText();
        assertTrue(key.startsWith("sk-gw-") && key.length() >= "sk-gw-".length() + 32, key);
        assertEquals("ci-bot", created.get("name").asText());
        assertEquals("research", created.get("team").asText());
        assertEquals("reader", created.get("roles").get(0).asText());
        assertEquals("active", created.get("status").asText());
        long expires = created.get("expires_at").asLong();
        assertTrue(expires >= before + 30 * 86400 && expires <= before + 30 * 86400 + 5, created.toString());

        assertEquals(200, AdminApi.useKey(gateway, key).statusCode());
        HttpResponse<String> chat = Http.post(gateway, "/v1/chat/completions",
                Http.chat("openai/gpt-4o-mini", "Hi", false), key);
        assertEquals(200, chat.statusCode(), chat.body());

        String id = created.get("id").asText();
        for (HttpResponse<String> shown : List.of(
                AdminApi.call(gateway, "GET", "/admin/v1/keys/" + id, null, TestGateway.ADMIN_KEY),
                AdminApi.call(gateway, "GET", "/admin/v1/keys?limit=1000", null, TestGateway.ADMIN_KEY))) {
            assertEquals(200, shown.statusCode(), shown.body());
            assertTrue(shown.body().contains(id), shown.body());
            assertFalse(shown.body().contains(key), shown.body());
            assertFalse(shown.body().contains(VirtualKeys.sha256(key)), shown.body());
            assertFalse(shown.body().contains("\"key\""), shown.body());
        }
    }

    @Test
    void revokedKeyIsRefusedSayingSo() {
        JsonNode created = AdminApi.create(gateway, "{\"name\":\"to-revoke\"}");
        String key = created.get("key").asText();
        assertEquals(200, AdminApi.useKey(gateway, key).statusCode());

        HttpResponse<String> revoked = AdminApi.revoke(gateway, created.get("id").asText());
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertEquals("revoked", AdminApi.json(revoked).get("status").asText());

        HttpResponse<String> refused = AdminApi.useKey(gateway, key);
        assertEquals(401, refused.statusCode());
        assertEquals("invalid_api_key", Http.error(refused).get("code").asText());
        assertTrue(Http.error(refused).get("message").asText().contains("revoked"), refused.body());
    }

    @Test
    void expiredKeyIsRefusedSayingSoUntilItsExpiryIsMoved() throws Exception {
        JsonNode created = AdminApi.create(gateway, "{\"name\":\"short-lived\",\"ttl\":1}");
        String key = created.get("key").asText();
        assertEquals(200, AdminApi.useKey(gateway, key).statusCode());

        Thread.sleep(Math.max(0, created.get("expires_at").asLong() * 1000 - System.currentTimeMillis()) + 50);
        HttpResponse<String> refused = AdminApi.useKey(gateway, key);
        assertEquals(401, refused.statusCode());
        assertTrue(Http.error(refused).get("message").asText().contains("expired"), refused.body());

        HttpResponse<String> extended = AdminApi.call(gateway, "PATCH", "/admin/v1/keys/" + created.get("id").asText(),
                "{\"ttl\":\"1h\"}", TestGateway.ADMIN_KEY);
        assertEquals(200, extended.statusCode(), extended.body());
        assertEquals(200, AdminApi.useKey(gateway, key).statusCode());
    }

    @Test
    void patchChangesOnlyTheFieldsItNames() {
        JsonNode created = AdminApi.create(gateway, "{\"name\":\"before\",\"team\":\"a\",\"roles\":[\"r\"],\"ttl\":\"2h\"}");
        String path = "/admin/v1/keys/" + created.get("id").asText();

        HttpResponse<String> renamed = AdminApi.call(gateway, "PATCH", path, "{\"name\":\"after\",\"team\":\"b\"}",
                TestGateway.ADMIN_KEY);
        assertEquals(200, renamed.statusCode(), renamed.body());
        JsonNode read = AdminApi.json(AdminApi.call(gateway, "GET", path, null, TestGateway.ADMIN_KEY));
        assertEquals("after", read.get("name").asText());
        assertEquals("b", read.get("team").asText());
        assertEquals(created.get("expires_at").asLong(), read.get("expires_at").asLong());
        assertEquals("r", read.get("roles").get(0).asText());

        AdminApi.call(gateway, "PATCH", path, "{\"team\":null,\"expires_at\":null}", TestGateway.ADMIN_KEY);
        read = AdminApi.json(AdminApi.call(gateway, "GET", path, null, TestGateway.ADMIN_KEY));
        assertTrue(read.get("team").isNull(), read.toString());
        assertTrue(read.get("expires_at").isNull(), read.toString());
        assertEquals("after", read.get("name").asText());
    }

    @Test
    void everyAdminEndpointRefusesCallersWithoutTheAdminRole() {
        String id = AdminApi.create(gateway, "{\"name\":\"target\"}").get("id").asText();
        String plainVirtualKey = AdminApi.create(gateway, "{\"name\":\"not-admin\"}").get("key").asText();
        String[][] endpoints = {{"POST", "/admin/v1/keys", "{\"name\":\"x\"}"}, {"GET", "/admin/v1/keys", null},
                {"GET", "/admin/v1/keys/" + id, null}, {"PATCH", "/admin/v1/keys/" + id, "{\"name\":\"y\"}"},
                {"DELETE", "/admin/v1/keys/" + id, null}};
        for (String[] e : endpoints) {
            for (String key : new String[] {TestGateway.CALLER_KEY, plainVirtualKey}) {
                HttpResponse<String> forbidden = AdminApi.call(gateway, e[0], e[1], e[2], key);
                assertEquals(403, forbidden.statusCode(), e[0] + " " + e[1] + ": " + forbidden.body());
                assertEquals("insufficient_permissions", Http.error(forbidden).get("code").asText());
            }
            HttpResponse<String> anonymous = AdminApi.call(gateway, e[0], e[1], e[2], null);
            assertEquals(401, anonymous.statusCode(), e[0] + " " + e[1] + ": " + anonymous.body());
            assertEquals("invalid_api_key", Http.error(anonymous).get("code").asText());
        }
        JsonNode target = AdminApi.json(AdminApi.call(gateway, "GET", "/admin/v1/keys/" + id, null,
                TestGateway.ADMIN_KEY));
        assertEquals("target", target.get("name").asText());
        assertEquals("active", target.get("status").asText());

        String adminVirtualKey = AdminApi.create(gateway, "{\"name\":\"ops\",\"roles\":[\"admin\"]}").get("key").asText();
        assertEquals(200, AdminApi.call(gateway, "GET", "/admin/v1/keys", null, adminVirtualKey).statusCode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "POST|{\"name\":\"a\",\"colour\":\"blue\"}|colour|Unrecognized request argument",
            "POST|{\"name\":5}|name|expected a string",
            "POST|{\"name\":\"a\",\"roles\":\"admin\"}|roles|expected an array",
            "POST|{\"name\":\"a\",\"roles\":[\"no spaces\"]}|roles[0]|a role is",
            "POST|{\"name\":\"a\",\"expires_at\":\"tomorrow\"}|expires_at|expected an integer",
            "POST|{\"name\":\"a\",\"expires_at\":1000}|expires_at|in the future",
            "POST|{\"name\":\"a\",\"ttl\":\"soon\"}|ttl|a duration",
            "POST|{\"name\":\"a\",\"ttl\":\"1d\",\"expires_at\":99999999999}|ttl|not both",
            "POST|{\"team\":\"a\"}|name|Missing required parameter",
            "PATCH|{\"roles\":[\"admin\"]}|roles|Unrecognized request argument",
            "PATCH|{\"name\":null}|name|Missing required parameter",
            "PATCH|{\"team\":[\"a\"]}|team|expected a string",
    })
    void badBodiesAre400NamingTheField(String method, String body, String param, String message) {
        String path = method.equals("POST") ? "/admin/v1/keys"
                : "/admin/v1/keys/" + AdminApi.create(gateway, "{\"name\":\"patched\"}").get("id").asText();
        HttpResponse<String> refused = AdminApi.call(gateway, method, path, body, TestGateway.ADMIN_KEY);
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals(param, Http.error(refused).get("param").asText(), refused.body());
        assertTrue(Http.error(refused).get("message").asText().contains(message), refused.body());
    }

    @Test
    void unknownKeysAndUrlsAre404AndOtherMethods405() {
        HttpResponse<String> missing = AdminApi.call(gateway, "GET", "/admin/v1/keys/key_000000000000000000000000",
                null, TestGateway.ADMIN_KEY);
        assertEquals(404, missing.statusCode());
        assertEquals("key_not_found", Http.error(missing).get("code").asText());
        assertEquals(404, AdminApi.call(gateway, "GET", "/admin/v1/keys/../../etc", null, TestGateway.ADMIN_KEY)
                .statusCode());
        HttpResponse<String> post = AdminApi.call(gateway, "POST", "/admin/v1/keys/key_000000000000000000000000",
                "{}", TestGateway.ADMIN_KEY);
        assertEquals(405, post.statusCode());
        assertEquals("DELETE, GET, PATCH", post.headers().firstValue("Allow").orElse(""));
        HttpResponse<String> unknown = Http.get(gateway, "/v1/models", "sk-gw-" + "x".repeat(43));
        assertEquals(401, unknown.statusCode());
        assertTrue(Http.error(unknown).get("message").asText().contains("Incorrect API key"), unknown.body());
    }

    @Test
    void listPagesThroughEveryKey() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(AdminApi.create(gateway, "{\"name\":\"page-" + i + "\"}").get("id").asText());
        }
        List<String> seen = new ArrayList<>();
        String after = "";
        for (int pages = 0; pages < 1000; pages++) {
            JsonNode page = AdminApi.json(AdminApi.call(gateway, "GET", "/admin/v1/keys?limit=2" + after, null,
                    TestGateway.ADMIN_KEY));
            page.get("data").forEach(k -> seen.add(k.get("id").asText()));
            assertTrue(page.get("data").size() <= 2, page.toString());
            if (!page.get("has_more").asBoolean()) {
                break;
            }
            after = "&after=" + page.get("last_id").asText();
        }
        assertTrue(seen.containsAll(ids), seen.toString());
        assertEquals(seen.size(), seen.stream().distinct().count());
    }

    @Test
    void keyIsNeverLoggedAndTheStoreHoldsOnlyItsHash() throws Exception {
        String key;
        List<String> logged;
        try (LogCapture logs = new LogCapture()) {
            JsonNode created = AdminApi.create(gateway, "{\"name\":\"secret-keeper\"}");
            key = created.get("key").asText();
            AdminApi.useKey(gateway, key);
            AdminApi.revoke(gateway, created.get("id").asText());
            AdminApi.useKey(gateway, key);
            logged = logs.lines();
        }
        assertTrue(logged.stream().anyMatch(line -> line.contains("secret-keeper")), logged.toString());
        assertTrue(logged.stream().noneMatch(line -> line.contains(key.substring(6))), logged.toString());

        List<String> stored = gateway.bean("gatewayStore", Database.class).transaction(connection -> {
            List<String> values = new ArrayList<>();
            try (Statement query = connection.createStatement();
                 ResultSet rows = query.executeQuery("SELECT * FROM virtual_keys WHERE name = 'secret-keeper'")) {
                while (rows.next()) {
                    for (int c = 1; c <= rows.getMetaData().getColumnCount(); c++) {
                        values.add(String.valueOf(rows.getObject(c)));
                    }
                }
            }
            return values;
        });
        assertTrue(stored.contains(VirtualKeys.sha256(key)), stored.toString());
        assertTrue(stored.stream().noneMatch(value -> value.contains(key.substring(6))), stored.toString());
    }

    @Test
    void keySurvivesARestartOfTheGateway() throws Exception {
        Path data = Files.createTempDirectory("gateway-data");
        Map<String, String> sameData = Map.of("gateway.data-dir", data.toString());
        String key;
        String revokedKey;
        try (TestGateway first = TestGateway.start(simulator, Map.of(), sameData)) {
            key = AdminApi.create(first, "{\"name\":\"durable\"}").get("key").asText();
            JsonNode revoked = AdminApi.create(first, "{\"name\":\"revoked-before-restart\"}");
            revokedKey = revoked.get("key").asText();
            AdminApi.revoke(first, revoked.get("id").asText());
        }
        try (TestGateway second = TestGateway.start(simulator, Map.of(), sameData)) {
            assertEquals(200, AdminApi.useKey(second, key).statusCode());
            assertEquals(401, AdminApi.useKey(second, revokedKey).statusCode());
        }
    }

    @Test
    void whileTheStoreIsDownKnownKeysStillWorkAndAdminCallsAre503() {
        try (TestGateway own = TestGateway.start(simulator)) {
            String key = AdminApi.create(own, "{\"name\":\"outage\"}").get("key").asText();
            List<String> logged;
            try (LogCapture logs = new LogCapture()) {
                own.bean("gatewayStore", Database.class).close();

                HttpResponse<String> create = AdminApi.call(own, "POST", "/admin/v1/keys", "{\"name\":\"x\"}",
                        TestGateway.ADMIN_KEY);
                assertEquals(503, create.statusCode(), create.body());
                assertEquals("store_unavailable", Http.error(create).get("code").asText());
                assertEquals(200, AdminApi.useKey(own, key).statusCode());
                logged = logs.lines();
            }
            assertTrue(logged.stream().noneMatch(line -> line.contains(key.substring(6))), logged.toString());
        }
    }
}
