package io.mlcycle.platform.mlflow;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The promotions and rollbacks of a registered model's champion, oldest first, as kept in a registered-model tag: a
 * JSON list of {@code {action, version, from, at, by, reason}} capped to the newest {@value #MAX_ENTRIES} entries and
 * {@value #MAX_CHARS} characters.
 */
final class ChampionHistory {
    static final int MAX_ENTRIES = 20;
    static final int MAX_CHARS = 5000;
    static final int MAX_REASON_CHARS = 300;
    static final String PROMOTE = "promote";
    static final String ROLLBACK = "rollback";
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** One change of the champion: {@code version} became champion, replacing {@code from} ("" when there was none). */
    record Entry(String action, String version, String from, String at, String by, String reason) {
        Entry {
            requireNonNull(action, "action is null");
            requireNonNull(version, "version is null");
            from = from == null ? "" : from;
            at = at == null ? "" : at;
            by = by == null ? "" : by;
            reason = reason == null ? "" : abbreviate(reason);
        }
    }

    private ChampionHistory() {
    }

    /** The entries in {@code json}; empty for an empty text (no history yet). */
    static List<Entry> parse(String json, String model) {
        if (json == null || json.isBlank()) {
            return new ArrayList<>();
        }
        try {
            List<Entry> entries = JSON.readValue(json, new TypeReference<List<Entry>>() {});
            if (entries.stream().anyMatch(entry -> entry == null)) {
                throw new IllegalArgumentException("a null entry");
            }
            return new ArrayList<>(entries);
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            throw new PromotionException(PromotionException.Reason.INVALID_HISTORY, "Cannot read the champion history of model '" + model
                    + "' (tag " + ChampionPromotions.HISTORY_TAG + "): " + MlflowRestClient.abbreviate(json) + " is not a list of"
                    + " {action, version, from, at, by, reason}. Delete or fix the tag in the MLflow UI; promote then starts a new history.");
        }
    }

    /** The newest entries as JSON, as many as fit in {@value #MAX_ENTRIES} entries and {@value #MAX_CHARS} characters. */
    static String toJson(List<Entry> entries) {
        List<Entry> kept = new ArrayList<>(entries.subList(Math.max(0, entries.size() - MAX_ENTRIES), entries.size()));
        String json = write(kept);
        while (json.length() > MAX_CHARS && kept.size() > 1) {
            kept.remove(0);
            json = write(kept);
        }
        return json;
    }

    /**
     * The champions the history leads to, oldest first, the current one last: a promotion stacks its version, a rollback
     * unstacks down to the version it went back to. So a second rollback goes further back, not forth again.
     */
    static List<String> champions(List<Entry> entries) {
        List<String> stack = new ArrayList<>();
        for (Entry entry : entries) {
            if (ROLLBACK.equals(entry.action())) {
                while (!stack.isEmpty() && !last(stack).equals(entry.version())) {
                    stack.remove(stack.size() - 1);
                }
            }
            if (stack.isEmpty() || !last(stack).equals(entry.version())) {
                stack.add(entry.version());
            }
        }
        return stack;
    }

    private static String last(List<String> stack) {
        return stack.get(stack.size() - 1);
    }

    private static String write(List<Entry> entries) {
        try {
            return JSON.writeValueAsString(entries);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the champion history as JSON", e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_REASON_CHARS ? text : text.substring(0, MAX_REASON_CHARS - 3) + "...";
    }
}
