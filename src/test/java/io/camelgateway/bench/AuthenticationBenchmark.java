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
import io.camelgateway.security.jwt.BearerRequest;
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
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class AuthenticationBenchmark {
    private static final String EC_ISSUER = "https://ec.example.com/";

    private TestIssuer rsaIssuer;
    private JwksServer ecJwks;
    AuthSchemes schemes;
    BearerRequest staticKey;
    List<BearerRequest> rs256;
    List<BearerRequest> es256;
    private int nextRs256;
    private int nextEs256;

    @Setup(Level.Trial)
    public void start() throws Exception {
        rsaIssuer = new TestIssuer("https://login.example.com/");
        ECKey ecKey = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        ecJwks = JwksServer.start();
        ecJwks.publish(List.of(ecKey));
        schemes = JwtSchemes.fromYaml(rsaIssuer.config("claims: {team: team, roles: roles}") + """
                    - issuer: %s
                      jwks: %s
                      audience: %s
                      algorithms: [ES256]
                """.formatted(EC_ISSUER, ecJwks.jwksUrl(), TestIssuer.AUDIENCE));

        staticKey = new BearerRequest(JwtSchemes.STATIC_KEY);
        rs256 = new ArrayList<>();
        es256 = new ArrayList<>();
        for (int i = 0; i < JwtSchemes.MORE_TOKENS_THAN_REMEMBERED; i++) {
            rs256.add(new BearerRequest(rsaIssuer.token(rsaIssuer.claims().claim("team", "research")
                    .claim("roles", List.of("user", "reviewer")).claim("jti", "rs-" + i).build())));
            es256.add(new BearerRequest(ecToken(ecKey, i)));
        }
        for (BearerRequest request : List.of(staticKey, rs256.get(0), es256.get(0))) {
            if (schemes.authenticate(request).get(5, TimeUnit.SECONDS) == null) {
                throw new IllegalStateException("every benchmarked credential must be accepted");
            }
        }
    }

    private String ecToken(ECKey key, int i) throws JOSEException {
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                rsaIssuer.claims().issuer(EC_ISSUER).claim("team", "research").claim("jti", "es-" + i).build());
        token.sign(new ECDSASigner(key));
        return token.serialize();
    }

    @TearDown(Level.Trial)
    public void stop() {
        rsaIssuer.close();
        ecJwks.close();
    }

    @Benchmark
    public CallerIdentity staticKey() {
        return schemes.authenticate(staticKey).join();
    }

    @Benchmark
    public CallerIdentity jwtRs256SentAgain() {
        return schemes.authenticate(rs256.get(0)).join();
    }

    @Benchmark
    public CallerIdentity jwtEs256SentAgain() {
        return schemes.authenticate(es256.get(0)).join();
    }

    @Benchmark
    public CallerIdentity jwtRs256FirstSight() {
        nextRs256 = (nextRs256 + 1) % rs256.size();
        return schemes.authenticate(rs256.get(nextRs256)).join();
    }

    @Benchmark
    public CallerIdentity jwtEs256FirstSight() {
        nextEs256 = (nextEs256 + 1) % es256.size();
        return schemes.authenticate(es256.get(nextEs256)).join();
    }
}
