package io.camelgateway.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * What one request costs the gateway, from a JFR recording taken while a known number of requests ran
 * (src/bench/overhead_profile.sh): bytes allocated per request (each thread's total, from the recording's start to
 * its end), the threads' shares of the CPU samples, and the shares of the gateway's and Camel's steps (a step's
 * share counts every sample it is on the stack of). Shares and bytes per request are what other load on the
 * machine moves least.
 * <p>Usage: {@code RequestProfile recording.jfr requests [steps-to-show]}
 */
public final class RequestProfile {
    private static final Pattern STEPS = Pattern.compile("(io\\.camelgateway\\.|org\\.apache\\.camel\\.component\\."
            + "|org\\.apache\\.camel\\.support\\.ExchangeHelper).*");

    private RequestProfile() {
    }

    public static void main(String[] args) throws IOException {
        long requests = Long.parseLong(args[1]);
        int shown = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        Map<Long, long[]> allocated = new HashMap<>(); // per thread: least and most seen
        Map<String, Long> threads = new HashMap<>();
        Map<String, Long> steps = new HashMap<>();
        long samples = 0;
        try (RecordingFile recording = new RecordingFile(Path.of(args[0]))) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                String type = event.getEventType().getName();
                if (type.equals("jdk.ThreadAllocationStatistics") && event.getThread("thread") != null) {
                    long bytes = event.getLong("allocated");
                    long[] range = allocated.computeIfAbsent(event.getThread("thread").getJavaThreadId(),
                            id -> new long[] {bytes, bytes});
                    range[0] = Math.min(range[0], bytes);
                    range[1] = Math.max(range[1], bytes);
                } else if (type.equals("jdk.ExecutionSample") && event.getStackTrace() != null) {
                    samples++;
                    RecordedThread thread = event.getThread("sampledThread");
                    threads.merge(thread == null ? "?" : thread.getJavaName().replaceAll("[0-9]+", "#"), 1L, Long::sum);
                    Set<String> seen = new HashSet<>();
                    for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                        String step = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
                        if (STEPS.matcher(step).matches() && !step.contains("$$Lambda")
                                && seen.add(step)) {
                            steps.merge(step, 1L, Long::sum);
                        }
                    }
                }
            }
        }
        long bytes = allocated.values().stream().mapToLong(range -> range[1] - range[0]).sum();
        System.out.printf("requests %d, allocated %.0f bytes per request, %d CPU samples%n", requests,
                bytes / (double) requests, samples);
        print("threads", threads, samples, 8);
        print("steps (share of samples with the step on the stack)", steps, samples, shown);
    }

    private static void print(String title, Map<String, Long> counts, long samples, int shown) {
        System.out.println(title + ":");
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(shown)
                .forEach(e -> System.out.printf("  %6.2f %%  %s%n", 100.0 * e.getValue() / samples, e.getKey()));
    }
}
