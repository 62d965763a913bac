package io.camelgateway.routing.semantic;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The semantic router over an intents file that may change: at most once a second it looks at the file's
 * modification time, and rebuilds the router when it changed. A file that does not load is logged and the last
 * good intents stay in force.
 */
public final class ReloadingRouter implements Supplier<SemanticRouter> {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingRouter.class);
    private static final long CHECK_EVERY_NANOS = 1_000_000_000L;

    private final Path file;
    private final Function<IntentsFile, SemanticRouter> build;
    private volatile SemanticRouter router;
    private volatile FileTime loaded;
    private volatile long lastCheck;

    /** Loads the file now; a file that does not load at start is an error. */
    public ReloadingRouter(Path file, Function<IntentsFile, SemanticRouter> build) {
        this.file = file;
        this.build = build;
        try {
            this.loaded = Files.getLastModifiedTime(file);
            this.router = build.apply(read(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the intents file " + file, e);
        }
        this.lastCheck = System.nanoTime();
        LOG.info("Semantic routing intents from {}", file);
    }

    @Override
    public SemanticRouter get() {
        long now = System.nanoTime();
        if (now - lastCheck >= CHECK_EVERY_NANOS) {
            reloadIfChanged(now);
        }
        return router;
    }

    private synchronized void reloadIfChanged(long now) {
        if (now - lastCheck < CHECK_EVERY_NANOS) {
            return;
        }
        lastCheck = now;
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (modified.equals(loaded)) {
                return;
            }
            loaded = modified;
            router = build.apply(read(file));
            LOG.info("Intents file {} changed: the new intents are in force", file);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Intents file {} was not loaded, the last good intents stay in force: {}", file, e.getMessage());
        }
    }

    private static IntentsFile read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return IntentsLoader.parse(in, file.toString());
        }
    }
}
