package io.camelgateway.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.camelgateway.config.ConfigSection;
import io.camelgateway.config.GatewayConfig.CallerKey;
import io.camelgateway.security.AuthSchemes;
import io.camelgateway.security.CallerIdentity;
import io.camelgateway.security.RequestHead;
import io.camelgateway.security.StaticKeys;
import io.camelgateway.security.TestRequestHead;
import io.camelgateway.security.VirtualKeys;
import io.camelgateway.store.Database;
import io.camelgateway.store.StoreSettings;
import io.camelgateway.store.VirtualKey;
import io.camelgateway.store.VirtualKeyRepository;

/**
 * What authenticating a request costs with keys, on one thread, as sample times with percentiles: the chain of
 * 10 static keys and 10,000 virtual keys (an embedded store), asked for a virtual key (static keys miss, then the
 * virtual key's hash is found), for a static key, and for an unknown virtual key (refused).
 * Run: as RoutingTiersBenchmark (docs/benchmarks.md), with VirtualKeyAuthBenchmark.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class VirtualKeyAuthBenchmark {
    private static final int VIRTUAL_KEYS = 10_000;

    private Database database;
    private VirtualKeys virtualKeys;
    private AuthSchemes schemes;
    private RequestHead virtualKey;
    private RequestHead staticKey;
    private RequestHead unknownKey;

    @Setup(Level.Trial)
    public void start() throws Exception {
        Path data = Files.createTempDirectory("bench-store");
        database = Database.open(StoreSettings.from(ConfigSection.empty("store"), name -> null,
                UnaryOperator.identity(), data, 2));
        VirtualKeyRepository repository = new VirtualKeyRepository(database);
        String oneOfThem = null;
        for (int i = 0; i < VIRTUAL_KEYS; i++) {
            String key = VirtualKeys.newKey();
            repository.insert(new VirtualKey("key_" + i, VirtualKeys.sha256(key), "app-" + i, "team", Set.of(),
                    Instant.now(), Instant.now().plusSeconds(3600), null, 0));
            oneOfThem = key;
        }
        virtualKeys = new VirtualKeys(repository, Duration.ofMillis(250));
        List<CallerKey> statics = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            statics.add(new CallerKey("static-" + i, "static-key-" + i));
        }
        schemes = new AuthSchemes(List.of(new StaticKeys(statics), virtualKeys));
        virtualKey = TestRequestHead.bearer(oneOfThem);
        staticKey = TestRequestHead.bearer("static-key-7");
        unknownKey = TestRequestHead.bearer(VirtualKeys.newKey());
    }

    @TearDown(Level.Trial)
    public void stop() {
        virtualKeys.close();
        database.close();
    }

    @Benchmark
    public CallerIdentity virtualKey() {
        return schemes.authenticate(virtualKey).join();
    }

    @Benchmark
    public CallerIdentity staticKey() {
        return schemes.authenticate(staticKey).join();
    }

    @Benchmark
    public Object unknownVirtualKey() {
        return schemes.authenticate(unknownKey).exceptionally(refused -> null).join();
    }
}
