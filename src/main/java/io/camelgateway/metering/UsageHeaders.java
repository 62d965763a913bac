package io.camelgateway.metering;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.ChatStream;

/**
 * Route step, before the answer is written: a plain answer says what it cost (x-gateway-cost-usd, over every
 * provider call the request made) and whether its usage is the gateway's count (x-gateway-usage: estimated). A
 * stream's head goes out before its usage is known: its cost goes to the audit log and the metrics only.
 */
public class UsageHeaders implements Processor {

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        RequestRecord record = exchange.getProperty(GatewayConstants.REQUEST_RECORD, RequestRecord.class);
        if (record == null || message.getBody() instanceof ChatStream || record.calls() == 0) {
            return;
        }
        if (message.getHeader(GatewayConstants.HEADER_COST) == null) { // a fan-out's says which members it counted
            message.setHeader(GatewayConstants.HEADER_COST, usd(record.costUsd()));
        }
        if (record.estimated()) {
            message.setHeader(GatewayConstants.HEADER_USAGE, "estimated");
        }
    }

    /** Dollars to the micro-cent, without an exponent: 0.0000123. */
    public static String usd(double cost) {
        // Not String.format: its Formatter was 4 % of a request's CPU (docs/benchmarks.md).
        long units = Math.round(Math.abs(cost) * 1e8);
        String digits = Long.toString(units);
        StringBuilder usd = new StringBuilder(18);
        if (cost < 0 && units > 0) {
            usd.append('-');
        }
        if (digits.length() <= 8) {
            usd.append("0.").append("0".repeat(8 - digits.length())).append(digits);
        } else {
            usd.append(digits, 0, digits.length() - 8).append('.').append(digits, digits.length() - 8, digits.length());
        }
        return usd.toString();
    }
}
