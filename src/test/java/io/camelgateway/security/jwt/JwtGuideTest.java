package io.camelgateway.security.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.camelgateway.api.Json;
import io.camelgateway.config.ConfigSection;
import io.camelgateway.config.GatewayConfigLoader;

/** docs/security.md's JWT section: its gateway.yaml examples are valid as written, its refusal is the one sent. */
class JwtGuideTest {

    private static String section() throws Exception {
        String guide = Files.readString(Path.of("docs/security.md"));
        int start = guide.indexOf("## JWT bearer tokens");
        return guide.substring(start, guide.indexOf("\n## ", start + 1));
    }

    private static List<String> blocks(String language, String text) {
        List<String> blocks = new ArrayList<>();
        Matcher block = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(text);
        while (block.find()) {
            blocks.add(block.group(1));
        }
        return blocks;
    }

    @Test
    void everyIssuerInTheExamplesIsValidConfiguration() throws Exception {
        List<String> yaml = new ArrayList<>(blocks("yaml", section()));
        for (String bash : blocks("bash", section())) {
            Matcher heredoc = Pattern.compile("<<'YAML'\\n(.*?)YAML\\n", Pattern.DOTALL).matcher(bash);
            while (heredoc.find()) {
                yaml.add(heredoc.group(1));
            }
        }
        Map<String, String> environment = Map.of("ENTRA_TENANT_ID", "tenant", "ENTRA_APP_CLIENT_ID", "client");
        List<String> issuers = new ArrayList<>();
        for (String example : yaml) {
            ConfigSection root = new GatewayConfigLoader(environment::get).parse(
                    new ByteArrayInputStream(example.getBytes(StandardCharsets.UTF_8)), "docs/security.md").root();
            for (ConfigSection entry : root.section("auth").sections("jwt")) {
                issuers.add(JwtIssuer.from(entry).issuer());
            }
        }
        assertEquals(List.of("https://keycloak.example.com/realms/llm", "https://keycloak.example.com/realms/llm",
                "https://your-tenant.eu.auth0.com/", "https://login.microsoftonline.com/tenant/v2.0",
                "http://127.0.0.1:9091/"), issuers);
    }

    @Test
    void refusalShownIsTheOneTheGatewaySends() throws Exception {
        String shown = blocks("json", section()).get(0);
        assertEquals(JwtSchemes.INVALID_TOKEN, Json.tree(shown).path("error").path("message").asText());
        assertEquals("invalid_token", Json.tree(shown).path("error").path("code").asText());
    }
}
