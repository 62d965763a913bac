package io.camelgateway.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.config.ConfigSection;
import io.camelgateway.config.GatewayConfig;
import io.camelgateway.config.ReloadingFile;

/**
 * Where the policy comes from: gateway.yaml's {@code policy:} block, or the file it names
 * ({@code policy: {file: /etc/gateway/policy.yaml}}), which is read again when it changes. Without the block there
 * is no policy.
 */
public final class PolicySource {
    private static final Logger LOG = LoggerFactory.getLogger(PolicySource.class);

    private PolicySource() {
    }

    public static Supplier<Policy> from(GatewayConfig config) {
        ConfigSection block = config.root().section("policy");
        if (!block.present()) {
            return () -> Policy.NONE;
        }
        PolicyReader reader = new PolicyReader(config.providers().keySet());
        if (block.has("file")) {
            Path file = Path.of(block.requiredText("file"));
            ReloadingFile<Policy> policy = new ReloadingFile<>("policy", file, f -> reader.read(parse(block, f)));
            LOG.info("Policy from {} (read again when it changes): teams {}", file, policy.get().teams().keySet());
            return policy;
        }
        Policy policy = reader.read(block);
        LOG.info("Policy from the gateway configuration: teams {}", policy.teams().keySet());
        return () -> policy;
    }

    private static ConfigSection parse(ConfigSection block, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            JsonNode document = new YAMLMapper().readTree(in);
            if (document == null || !document.isObject()) {
                throw new IllegalArgumentException(file + ": expected a YAML mapping at the top");
            }
            return block.elsewhere(document, file + ":");
        }
    }
}
