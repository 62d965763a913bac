package io.camelgateway.e2e;

import java.lang.management.ManagementFactory;

import javax.management.ObjectName;

/** How many objects of a class this JVM still reaches after a full GC, from HotSpot's class histogram. */
final class LiveObjects {
    private LiveObjects() {
    }

    static long count(Class<?> type) {
        String histogram = histogram();
        for (String line : histogram.split("\n")) {
            String[] columns = line.trim().split("\\s+");
            // "  12:   400   9600  io.camelgateway.api.ChatStream"
            if (columns.length >= 4 && columns[3].equals(type.getName())) {
                return Long.parseLong(columns[1]);
            }
        }
        return 0;
    }

    /** GC.class_histogram runs a full collection first, so only reachable objects are counted. */
    private static String histogram() {
        try {
            return (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
        } catch (Exception e) {
            throw new IllegalStateException("No class histogram from this JVM", e);
        }
    }
}
