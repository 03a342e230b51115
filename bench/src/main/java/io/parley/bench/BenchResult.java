package io.parley.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one run. The named fields are the JSON other tools read (issue 10); a field that does not apply to
 * the scenario is null. {@code extra} holds what explains the figures (offered rate, send errors, failed sockets,
 * the baseline and the ratio to it).
 */
public record BenchResult(String scenario, double durationS, int sockets, Double deliveriesPerSec,
        Double handshakesPerSec, Double p50Ms, Double p99Ms, Double p999Ms, Long lost, Long duplicated,
        Double rssPerSocketKb, Map<String, Object> extra) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public BenchResult {
        extra = new LinkedHashMap<>(extra);
    }

    public static BenchResult of(String scenario, double durationS, int sockets, LatencyHistogram latency) {
        return new BenchResult(scenario, durationS, sockets, null, null, latency.percentileMs(50),
                latency.percentileMs(99), latency.percentileMs(99.9), null, null, null, Map.of());
    }

    public BenchResult withDeliveries(double perSec, long lost, long duplicated) {
        return new BenchResult(scenario, durationS, sockets, round(perSec), handshakesPerSec, p50Ms, p99Ms, p999Ms,
                lost, duplicated, rssPerSocketKb, extra);
    }

    public BenchResult withHandshakes(double perSec, Double rssKb) {
        return new BenchResult(scenario, durationS, sockets, deliveriesPerSec, round(perSec), p50Ms, p99Ms, p999Ms,
                lost, duplicated, rssKb == null ? null : round(rssKb), extra);
    }

    public BenchResult with(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extra);
        more.put(name, value instanceof Double d ? round(d) : value);
        return new BenchResult(scenario, durationS, sockets, deliveriesPerSec, handshakesPerSec, p50Ms, p99Ms,
                p999Ms, lost, duplicated, rssPerSocketKb, more);
    }

    public ObjectNode toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("scenario", scenario);
        node.put("durationS", round(durationS));
        node.put("sockets", sockets);
        node.put("deliveriesPerSec", deliveriesPerSec);
        node.put("handshakesPerSec", handshakesPerSec);
        node.put("p50Ms", p50Ms);
        node.put("p99Ms", p99Ms);
        node.put("p999Ms", p999Ms);
        node.put("lost", lost);
        node.put("duplicated", duplicated);
        node.put("rssPerSocketKb", rssPerSocketKb);
        extra.forEach((name, value) -> node.set(name, JSON.valueToTree(value)));
        return node;
    }

    /** A short table for people: only the figures that apply. */
    public String table() {
        StringBuilder out = new StringBuilder();
        toJson().fields().forEachRemaining(field -> {
            if (!field.getValue().isNull() && !field.getValue().isContainerNode()) {
                out.append(String.format("  %-22s %s%n", field.getKey(), field.getValue().asText()));
            } else if (FLAT_IN_TABLE.contains(field.getKey()) && field.getValue().size() > 0) {
                // the cost of a run (StackCost): one line each, "gateway 6.1, chat 5.2, ..." or notes "a; b"
                StringBuilder line = new StringBuilder();
                if (field.getValue().isObject()) {
                    field.getValue().fields().forEachRemaining(part -> line.append(line.isEmpty() ? "" : ", ")
                            .append(part.getKey()).append(' ').append(part.getValue().asText()));
                } else {
                    field.getValue().forEach(part -> line.append(line.isEmpty() ? "" : "; ").append(part.asText()));
                }
                out.append(String.format("  %-22s %s%n", field.getKey(), line));
            }
        });
        return out.toString();
    }

    /** Objects and lists the table prints on one line (the others, e.g. the baseline, only in the JSON). */
    private static final java.util.Set<String> FLAT_IN_TABLE = java.util.Set.of("cpuByProcess",
            "cpuByProcessPer1000Messages", "pgStatementsPerMessageByDatabase", "pgTransactionsPerMessageByDatabase",
            "costNotes");

    static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
