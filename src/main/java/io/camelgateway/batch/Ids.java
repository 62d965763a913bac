package io.camelgateway.batch;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Ids of files and batches, which sort in the order they were made: lists page by id, newest first. */
final class Ids {
    static final Pattern FILE = Pattern.compile("file-[0-9a-f]{28}");
    static final Pattern BATCH = Pattern.compile("batch_[0-9a-f]{28}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    static String file() {
        return "file-" + next();
    }

    static String batch() {
        return "batch_" + next();
    }

    private static String next() {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return String.format("%012x", System.currentTimeMillis()) + HexFormat.of().formatHex(random);
    }
}
