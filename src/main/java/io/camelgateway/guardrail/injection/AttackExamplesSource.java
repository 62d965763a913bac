package io.camelgateway.guardrail.injection;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.Lazy;
import io.camelgateway.config.ReloadingFile;
import io.camelgateway.embedding.SentenceEmbedder;

/**
 * Where the attack examples come from: the examples file, read again within a second of an edit (a file that does
 * not load is logged and the last good examples stay), or, without a file there, the examples in the jar. Nothing
 * loads, and the model does not run, until the guard first checks a request.
 */
public final class AttackExamplesSource {
    private static final Logger LOG = LoggerFactory.getLogger(AttackExamplesSource.class);

    private AttackExamplesSource() {
    }

    public static Supplier<AttackExamples> of(Path file, Supplier<SentenceEmbedder> embedder) {
        if (Files.isRegularFile(file)) {
            Lazy<ReloadingFile<AttackExamples>> reloading = new Lazy<>(() -> {
                ReloadingFile<AttackExamples> examples = new ReloadingFile<>("prompt-injection examples", file,
                        f -> read(f, embedder.get()));
                LOG.info("Prompt-injection examples from {}: {} attacks, {} benign", file,
                        examples.get().attackCount(), examples.get().benignCount());
                return examples;
            });
            return () -> reloading.get().get();
        }
        return new Lazy<>(() -> {
            String resource = PromptInjectionSettings.BUNDLED_EXAMPLES;
            try (InputStream in = AttackExamplesSource.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("No prompt-injection examples at " + file.toAbsolutePath() + " nor in the jar");
                }
                LOG.info("Prompt-injection examples built into the jar (no file at {})", file.toAbsolutePath());
                return AttackExamples.read(in, resource, embedder.get());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the prompt-injection examples", e);
            }
        });
    }

    private static AttackExamples read(Path file, SentenceEmbedder embedder) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return AttackExamples.read(in, file.toString(), embedder);
        }
    }
}
