package io.camelgateway.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;

import io.camelgateway.security.AuthSchemes;
import io.camelgateway.security.CallerIdentity;
import io.camelgateway.security.TestRequestHead;
import io.camelgateway.security.jwt.JwksServer;
import io.camelgateway.security.jwt.JwtSchemes;
import io.camelgateway.security.jwt.TestIssuer;

/**
 * What authentication costs a request, through {@code AuthSchemes.authenticate} as the gateway configures it (static
 * keys, then JWT issuers), with the issuers' keys in memory: a static key; a JWT sent again (recognised by its
 * digest); a JWT seen for the first time (its signature checked: RS256 with a 2048-bit key, ES256 on P-256), taken
 * in turn from more distinct tokens than the scheme remembers. Sample time, one thread. Run (docs/benchmarks.md):
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) org.openjdk.jmh.Main AuthenticationBenchmark
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class AuthenticationBenchmark {
    private static final String EC_ISSUER = "https://ec.example.com/";

    /** The gateway's chain (a static key, an RS256 issuer, an ES256 issuer), its keys fetched; one token of each. */
    @State(Scope.Benchmark)
    public static class Chain {
        TestIssuer rsaIssuer;
        ECKey ecKey;
        JwksServer ecJwks;
        AuthSchemes schemes;
        TestRequestHead staticKey;
        TestRequestHead rs256;
        TestRequestHead es256;

        @Setup(Level.Trial)
        public void start() throws Exception {
            rsaIssuer = new TestIssuer("https://login.example.com/");
            ecKey = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
            ecJwks = JwksServer.start();
            ecJwks.publish(List.of(ecKey));
            schemes = JwtSchemes.fromYaml(rsaIssuer.config("claims: {team: team, roles: roles}") + """
                        - issuer: %s
                          jwks: %s
                          audience: %s
                          algorithms: [ES256]
                    """.formatted(EC_ISSUER, ecJwks.jwksUrl(), TestIssuer.AUDIENCE));
            staticKey = TestRequestHead.bearer(JwtSchemes.STATIC_KEY);
            rs256 = rs256Token(0);
            es256 = es256Token(0);
            for (TestRequestHead request : List.of(staticKey, rs256, es256)) {
                if (schemes.authenticate(request).get(5, TimeUnit.SECONDS) == null) {
                    throw new IllegalStateException("every benchmarked credential must be accepted");
                }
            }
        }

        TestRequestHead rs256Token(int i) {
            return TestRequestHead.bearer(rsaIssuer.token(rsaIssuer.claims().claim("team", "research")
                    .claim("roles", List.of("user", "reviewer")).claim("jti", "rs-" + i).build()));
        }

        TestRequestHead es256Token(int i) throws JOSEException {
            SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ecKey.getKeyID()).build(),
                    rsaIssuer.claims().issuer(EC_ISSUER).claim("team", "research").claim("jti", "es-" + i).build());
            token.sign(new ECDSASigner(ecKey));
            return TestRequestHead.bearer(token.serialize());
        }

        @TearDown(Level.Trial)
        public void stop() {
            rsaIssuer.close();
            ecJwks.close();
        }
    }

    /** Distinct tokens, taken in turn: more than the scheme remembers, so each is checked afresh. */
    @State(Scope.Benchmark)
    public static class FirstSight {
        List<TestRequestHead> rs256 = new ArrayList<>();
        List<TestRequestHead> es256 = new ArrayList<>();
        private int next;

        void signRs256(Chain chain) {
            for (int i = 1; i <= JwtSchemes.MORE_TOKENS_THAN_REMEMBERED; i++) {
                rs256.add(chain.rs256Token(i));
            }
        }

        void signEs256(Chain chain) throws JOSEException {
            for (int i = 1; i <= JwtSchemes.MORE_TOKENS_THAN_REMEMBERED; i++) {
                es256.add(chain.es256Token(i));
            }
        }

        TestRequestHead next(List<TestRequestHead> tokens) {
            next = (next + 1) % tokens.size();
            return tokens.get(next);
        }
    }

    @State(Scope.Benchmark)
    public static class FirstSightRs256 extends FirstSight {
        @Setup(Level.Trial)
        public void sign(Chain chain) {
            signRs256(chain);
        }
    }

    @State(Scope.Benchmark)
    public static class FirstSightEs256 extends FirstSight {
        @Setup(Level.Trial)
        public void sign(Chain chain) throws JOSEException {
            signEs256(chain);
        }
    }

    @Benchmark
    public CallerIdentity staticKey(Chain chain) {
        return chain.schemes.authenticate(chain.staticKey).join();
    }

    @Benchmark
    public CallerIdentity jwtRs256SentAgain(Chain chain) {
        return chain.schemes.authenticate(chain.rs256).join();
    }

    @Benchmark
    public CallerIdentity jwtEs256SentAgain(Chain chain) {
        return chain.schemes.authenticate(chain.es256).join();
    }

    @Benchmark
    public CallerIdentity jwtRs256FirstSight(Chain chain, FirstSightRs256 tokens) {
        return chain.schemes.authenticate(tokens.next(tokens.rs256)).join();
    }

    @Benchmark
    public CallerIdentity jwtEs256FirstSight(Chain chain, FirstSightEs256 tokens) {
        return chain.schemes.authenticate(tokens.next(tokens.es256)).join();
    }
}
