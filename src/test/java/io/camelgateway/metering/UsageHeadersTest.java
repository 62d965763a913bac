package io.camelgateway.metering;

import java.util.Locale;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The x-gateway-cost-usd header: dollars to the micro-cent, no exponent, as clients parse it. */
class UsageHeadersTest {

    @Test
    void costsAreWrittenToEightDecimalsWithoutAnExponent() {
        assertEquals("0.00000000", UsageHeaders.usd(0));
        assertEquals("0.00000123", UsageHeaders.usd(0.0000012345));
        assertEquals("0.00013200", UsageHeaders.usd(0.000132));
        assertEquals("1.50000000", UsageHeaders.usd(1.5));
        assertEquals("1234.56789012", UsageHeaders.usd(1234.56789012));
        assertEquals("0.00000001", UsageHeaders.usd(1e-8));
        assertEquals("0.00000000", UsageHeaders.usd(1e-12));
    }

    @Test
    void theSameTextAsAFormatterForTheCostsRequestsHave() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            double cost = random.nextDouble() * Math.pow(10, random.nextInt(-7, 3));
            assertEquals(String.format(Locale.ROOT, "%.8f", cost), UsageHeaders.usd(cost), "cost " + cost);
        }
    }
}
