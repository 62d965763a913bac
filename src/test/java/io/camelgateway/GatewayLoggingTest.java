package io.camelgateway;

import java.net.URI;

import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationFactory;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The standalone gateway's log configuration (gateway-log4j2.properties), read in a logger context of its own. */
class GatewayLoggingTest {

    @Test
    void cudaProbesOfACpuOnlyGatewayStayOutOfTheLogButTheirErrorsDoNot() throws Exception {
        LoggerContext context = new LoggerContext("gateway-log4j2");
        try {
            URI file = GatewayLoggingTest.class.getClassLoader().getResource("gateway-log4j2.properties").toURI();
            Configuration configuration = ConfigurationFactory.getInstance().getConfiguration(context, "gateway", file);
            context.start(configuration);

            for (String logger : new String[] {"ai.djl.util.cuda.CudaUtils", "ai.djl.onnxruntime.engine.OrtEngine"}) {
                assertFalse(context.getLogger(logger).isWarnEnabled(), logger);
                assertTrue(context.getLogger(logger).isErrorEnabled(), logger);
            }
            assertTrue(context.getLogger("ai.djl.util.Platform").isInfoEnabled(), "DJL's other loggers keep INFO");
        } finally {
            context.stop();
        }
    }
}
