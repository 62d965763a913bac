package io.camelgateway.routing.semantic;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.config.ReloadingFile;

/**
 * The semantic router over an intents file that may change: at most once a second it looks at the file's
 * modification time, and rebuilds the router when it changed. A file that does not load is logged and the last
 * good intents stay in force.
 */
public final class ReloadingRouter implements Supplier<SemanticRouter> {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingRouter.class);

    private final ReloadingFile<SemanticRouter> router;

    /** Loads the file now; a file that does not load at start is an error. */
    public ReloadingRouter(Path file, Function<IntentsFile, SemanticRouter> build) {
        this.router = new ReloadingFile<>("intents", file, f -> build.apply(read(f)));
        LOG.info("Semantic routing intents from {}", file);
    }

    @Override
    public SemanticRouter get() {
        return router.get();
    }

    private static IntentsFile read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return IntentsLoader.parse(in, file.toString());
        }
    }
}
