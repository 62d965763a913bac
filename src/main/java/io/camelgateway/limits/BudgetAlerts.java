package io.camelgateway.limits;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.api.Json;
import io.camelgateway.metrics.GatewayMetrics;

/**
 * Tells of refusals and budget crossings: a metric for each, a log line and, when the budget names one, a message
 * to its {@code notify:} endpoint, sent on Camel's producer threads so the answer that crossed is not held up.
 */
public final class BudgetAlerts implements LimitEvents {
    private static final Logger LOG = LoggerFactory.getLogger(BudgetAlerts.class);

    private final GatewayMetrics metrics;
    private final CamelContext context;
    private volatile ProducerTemplate template;

    public BudgetAlerts(GatewayMetrics metrics, CamelContext context) {
        this.metrics = metrics;
        this.context = context;
    }

    @Override
    public void refused(Scope.Kind scope, String limit) {
        metrics.limitRefused(scope.label(), limit);
    }

    @Override
    public void budgetCrossed(Scope scope, Budget budget, String period, double spentUsd) {
        metrics.budgetCrossed(scope.kind().label(), budget.hard());
        LOG.warn("Budget reached: {} {} ({} budget of {} USD, period {}): {} USD spent", scope.kind().label(),
                scope.name(), budget.hard() ? "hard" : "soft", budget.usd(), period, spentUsd);
        if (budget.notifyUri() == null) {
            return;
        }
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("event", "budget_reached");
        alert.put("scope", scope.kind().label());
        alert.put("name", scope.name());
        alert.put("period", period);
        alert.put("budget_usd", budget.usd());
        alert.put("spent_usd", spentUsd);
        alert.put("hard", budget.hard());
        try {
            template().asyncSendBody(budget.notifyUri(), Json.write(alert)).exceptionally(e -> {
                LOG.warn("Budget alert to {} failed: {}", budget.notifyUri(), e.toString());
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("Budget alert to {} failed: {}", budget.notifyUri(), e.toString());
        }
    }

    private ProducerTemplate template() {
        ProducerTemplate t = template;
        if (t == null) {
            synchronized (this) {
                if (template == null) {
                    template = context.createProducerTemplate();
                }
                t = template;
            }
        }
        return t;
    }
}
