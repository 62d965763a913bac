package io.camelgateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/routes.md's edit example shows the chat route as it ships, plus the one step it adds. */
class RoutesGuideTest {
    private static final String ADDED_STEP = """
                    - setHeader:
                        name: x-gateway-note
                        constant: edited-at-runtime
            """;

    @Test
    void editExampleIsTheShippedChatRoutePlusItsNewStep() throws IOException {
        Matcher example = Pattern.compile("add a step at the start of the `chat` route.*?```yaml\\n(.*?)```",
                Pattern.DOTALL).matcher(Files.readString(Path.of("docs/routes.md")));
        assertTrue(example.find(), "docs/routes.md shows how to edit the chat route");
        String snippet = example.group(1);
        assertTrue(snippet.contains(ADDED_STEP), snippet);
        assertTrue(snippet.contains("    id: chat\n"), "the example is the chat route's:\n" + snippet);

        String shipped = Files.readString(Path.of("routes/chat.camel.yaml"));
        assertTrue(shipped.contains(snippet.replace(ADDED_STEP, "")),
                "without its new step, the example is routes/chat.camel.yaml's text:\n" + snippet);
    }
}
