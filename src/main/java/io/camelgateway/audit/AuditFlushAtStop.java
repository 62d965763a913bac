package io.camelgateway.audit;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * When the gateway begins to stop, before its routes do: the audit records still waiting for the audit-log route's
 * next turn are written, so that a stop loses none.
 */
public final class AuditFlushAtStop extends EventNotifierSupport {
    private final CamelContext context;
    private final AuditLog audit;

    public AuditFlushAtStop(CamelContext context, AuditLog audit) {
        this.context = context;
        this.audit = audit;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStoppingEvent;
    }

    @Override
    public void notify(CamelEvent event) throws Exception {
        try (ProducerTemplate template = context.createProducerTemplate()) {
            audit.flush(template);
        }
    }
}
