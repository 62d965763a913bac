package io.camelgateway.guardrail.pii;

import java.util.List;

/** Finds the values of one kind in a text. Runs in time linear in the text's length: a prompt may be huge. */
interface PiiRecognizer {
    void find(String text, List<PiiFinding> out);
}
