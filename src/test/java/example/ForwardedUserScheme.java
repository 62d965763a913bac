package example;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.camelgateway.config.ConfigSection;
import io.camelgateway.security.AuthScheme;
import io.camelgateway.security.AuthSchemes;
import io.camelgateway.security.CallerIdentity;
import io.camelgateway.security.RequestHead;
import io.camelgateway.security.Verdict;

/**
 * An authentication plug-in on the classpath: it trusts the user name that a single-sign-on proxy in front of the
 * gateway forwards in a header, when the proxy also sends the secret it shares with the gateway. Listed in
 * META-INF/services/io.camelgateway.security.AuthScheme; configured in gateway.yaml (docs/security.md):
 * <pre>
 * auth:
 *   plugins:
 *     forwarded-user:
 *       userHeader: X-Forwarded-User
 *       secretHeader: X-Proxy-Secret
 *       secret: ${PROXY_SECRET}
 *       team: web
 * </pre>
 * Without that block it recognises nothing.
 */
public class ForwardedUserScheme implements AuthScheme {
    private static final CompletableFuture<Verdict> WRONG_SECRET = CompletableFuture.completedFuture(
            Verdict.refused("forwarded-user:wrong_secret", "The proxy's secret was not accepted."));

    private String userHeader;
    private String secretHeader;
    private byte[] secret;
    private String team;

    @Override
    public String name() {
        return "forwarded-user";
    }

    @Override
    public void configure(ConfigSection section) {
        if (!section.present()) {
            return;
        }
        userHeader = section.text("userHeader", "X-Forwarded-User");
        secretHeader = section.text("secretHeader", "X-Proxy-Secret");
        secret = section.requiredText("secret").getBytes(StandardCharsets.UTF_8);
        team = section.text("team", null);
    }

    @Override
    public CompletionStage<Verdict> authenticate(RequestHead request) {
        String user = userHeader == null ? null : request.header(userHeader);
        if (user == null || user.isBlank()) {
            return AuthSchemes.NOT_MINE;
        }
        String presented = request.header(secretHeader);
        if (presented == null || !MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8))) {
            return WRONG_SECRET;
        }
        return CompletableFuture.completedFuture(Verdict.accepted(
                new CallerIdentity(user.trim(), name(), team, Set.of(), Map.of())));
    }
}
