package io.camelgateway.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code policy:} YAML blocks a guide in docs/ shows between two of its headings, as a reader would copy them. */
final class GuideExamples {
    private static final Pattern POLICY_BLOCK = Pattern.compile("```yaml\\n(policy:.*?)```", Pattern.DOTALL);

    private GuideExamples() {
    }

    static List<String> policyBlocks(String guide, String fromHeading, String toHeading) throws IOException {
        String doc = Files.readString(Path.of(guide));
        Matcher yaml = POLICY_BLOCK.matcher(doc.substring(doc.indexOf(fromHeading), doc.indexOf(toHeading)));
        List<String> examples = new ArrayList<>();
        while (yaml.find()) {
            examples.add(yaml.group(1));
        }
        return examples;
    }
}
