package io.camelgateway.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a file says, read again when it changes: at most once a second, on use, it looks at the file's modification
 * time and reads the file again when it changed. A file that does not read is logged and the last good content
 * stays in force; at start it is an error.
 */
public final class ReloadingFile<T> implements Supplier<T> {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingFile.class);
    private static final long CHECK_EVERY_NANOS = 1_000_000_000L;

    /** Reads the file; throws when it is not valid, with a message that says where. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(Path file) throws IOException;
    }

    private final String what;
    private final Path file;
    private final Reader<T> reader;
    private volatile T content;
    private volatile FileTime loaded;
    private volatile long lastCheck;

    /** @param what what the file holds, for the log: "intents", "policy" */
    public ReloadingFile(String what, Path file, Reader<T> reader) {
        this.what = what;
        this.file = file;
        this.reader = reader;
        try {
            this.loaded = Files.getLastModifiedTime(file);
            this.content = reader.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the " + what + " file " + file, e);
        }
        this.lastCheck = System.nanoTime();
    }

    @Override
    public T get() {
        long now = System.nanoTime();
        if (now - lastCheck >= CHECK_EVERY_NANOS) {
            reloadIfChanged(now);
        }
        return content;
    }

    public Path file() {
        return file;
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
            content = reader.read(file);
            LOG.info("The {} file {} changed: the new {} is in force", what, file, what);
        } catch (IOException | RuntimeException e) {
            LOG.warn("The {} file {} was not loaded, the last good {} stays in force: {}", what, file, what,
                    e.getMessage());
        }
    }
}
