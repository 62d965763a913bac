package io.camelgateway.limits;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** The period over which a budget's spend adds up, in UTC; a period's key names it in the store. */
public enum BudgetPeriod {
    DAY, MONTH, TOTAL;

    /** The period that holds this instant, as the store names it: 2026-11-28, 2026-11, or total. */
    public String key(Instant now) {
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return switch (this) {
            case DAY -> day.toString();
            case MONTH -> day.toString().substring(0, 7);
            case TOTAL -> "total";
        };
    }

    /** When the period that holds this instant ends; null for a total, which never does. */
    public Instant resetsAt(Instant now) {
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return switch (this) {
            case DAY -> day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            case MONTH -> day.withDayOfMonth(1).plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            case TOTAL -> null;
        };
    }
}
