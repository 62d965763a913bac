package io.camelgateway.admin;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;

import io.camelgateway.api.GatewayException;
import io.camelgateway.store.UsageRepository;

/**
 * GET /admin/v1/usage: spend and tokens summed from the store, by team, key (the caller's name), model and day
 * (UTC), over ?from= and ?to= (days, both included; by default the last 30 days), grouped as ?groupBy= says
 * (comma-separated; by default team,model). Usage reaches the store within a flush interval of a request's end.
 */
public class AdminUsage {
    private static final int DEFAULT_DAYS = 30;
    private static final int MAX_DAYS = 366 * 5;

    private final UsageRepository repository;

    public AdminUsage(UsageRepository repository) {
        this.repository = repository;
    }

    public Map<String, Object> report(Exchange exchange) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate to = day(exchange, "to", today);
        LocalDate from = day(exchange, "from", to.minusDays(DEFAULT_DAYS - 1));
        if (from.isAfter(to)) {
            throw GatewayException.invalidRequest("from", "'from' (" + from + ") is after 'to' (" + to + ").");
        }
        if (from.plusDays(MAX_DAYS).isBefore(to)) {
            throw GatewayException.invalidRequest("from", "Ask for at most " + MAX_DAYS + " days at once.");
        }
        List<String> groupBy = groupBy(AdminKeys.query(exchange, "groupBy"));
        List<Map<String, Object>> data = new ArrayList<>();
        for (UsageRepository.Sum sum : repository.sums(from, to, groupBy)) {
            Map<String, Object> row = new LinkedHashMap<>(sum.groups());
            row.put("requests", sum.requests());
            row.put("input_tokens", sum.inputTokens());
            row.put("output_tokens", sum.outputTokens());
            row.put("cost_usd", sum.costUsd());
            data.add(row);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("object", "list");
        answer.put("from", from.toString());
        answer.put("to", to.toString());
        answer.put("group_by", groupBy);
        answer.put("data", data);
        return answer;
    }

    private static LocalDate day(Exchange exchange, String name, LocalDate otherwise) {
        String value = AdminKeys.query(exchange, name);
        if (value == null || value.isEmpty()) {
            return otherwise;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw GatewayException.invalidRequest(name, "'" + name + "' must be a day as YYYY-MM-DD.");
        }
    }

    private static List<String> groupBy(String asked) {
        if (asked == null) {
            return List.of("team", "model");
        }
        List<String> groups = new ArrayList<>();
        for (String name : asked.split(",")) {
            String group = name.trim();
            if (group.isEmpty()) {
                continue;
            }
            if (!UsageRepository.GROUPS.containsKey(group) || groups.contains(group)) {
                throw GatewayException.invalidRequest("groupBy", "'groupBy' takes team, key, model and day, "
                        + "comma-separated, each once.");
            }
            groups.add(group);
        }
        return groups;
    }
}
