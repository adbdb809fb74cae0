package io.mlcycle.common.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityIncidentsTest {
    private static final Map<String, Object> RECORD = record();

    @Test
    void noIncidentsDeliversEveryRecordOnceAsItWas() {
        QualityIncidents incidents = QualityIncidents.forLoanApplications(1, QualityIncidents.Shares.NONE);

        for (int i = 0; i < 100; i++) {
            assertThat(incidents.apply(RECORD)).containsExactly(RECORD);
        }
    }

    @Test
    void eachIncidentDoesWhatItSaysAndNeverTouchesIdOrTime() {
        assertThat(only(new QualityIncidents.Shares(1, 0, 0, 0))).satisfies(delivered -> {
            assertThat(delivered).hasSize(1);
            assertThat(changedColumns(delivered.get(0))).hasSize(1);
            assertThat(delivered.get(0).get(changedColumns(delivered.get(0)).get(0))).isNull();
        });
        assertThat(only(new QualityIncidents.Shares(0, 1, 0, 0)).get(0)).satisfiesAnyOf(
                r -> assertThat(r.get("age")).isEqualTo(-7.0),
                r -> assertThat(r.get("credit_score")).isEqualTo(9999.0),
                r -> assertThat(r.get("amount")).isEqualTo(-500.0),
                r -> assertThat(r.get("open_loans")).isEqualTo(250.0));
        Map<String, Object> malformed = only(new QualityIncidents.Shares(0, 0, 1, 0)).get(0);
        assertThat(changedColumns(malformed)).hasSize(1);
        assertThat(malformed.get(changedColumns(malformed).get(0))).isEqualTo("n/a");
        List<Map<String, Object>> duplicated = only(new QualityIncidents.Shares(0, 0, 0, 1));
        assertThat(duplicated).containsExactly(RECORD, RECORD);
    }

    @Test
    void hitsAboutTheConfiguredShareAndOneShareDoesNotMoveTheOthers() {
        List<Integer> duplicatesAlone = duplicateIndexes(new QualityIncidents.Shares(0, 0, 0, 0.1));
        List<Integer> duplicatesWithMore = duplicateIndexes(new QualityIncidents.Shares(0.3, 0.2, 0.1, 0.1));

        assertThat(duplicatesAlone.size()).isBetween(900, 1100);
        assertThat(duplicatesWithMore).isEqualTo(duplicatesAlone);
    }

    @Test
    void refusesAShareOutsideZeroToOne() {
        assertThatThrownBy(() -> new QualityIncidents.Shares(0, 1.5, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot use an incident share of 1.5: it must be from 0 to 1");
    }

    private static List<Integer> duplicateIndexes(QualityIncidents.Shares shares) {
        QualityIncidents incidents = QualityIncidents.forLoanApplications(9, shares);
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            if (incidents.apply(RECORD).size() == 2) {
                indexes.add(i);
            }
        }
        return indexes;
    }

    private static List<Map<String, Object>> only(QualityIncidents.Shares shares) {
        return QualityIncidents.forLoanApplications(5, shares).apply(RECORD);
    }

    private static List<String> changedColumns(Map<String, Object> delivered) {
        return RECORD.keySet().stream().filter(column -> !java.util.Objects.equals(RECORD.get(column), delivered.get(column))).toList();
    }

    private static Map<String, Object> record() {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("application_id", "a-1");
        record.put("customer_id", "cust-1");
        record.put("event_time", "2026-01-01T00:00:00Z");
        record.put("amount", 1200.5);
        record.put("income", 50000.0);
        record.put("age", 40.0);
        record.put("credit_score", 700.0);
        record.put("tenure_months", 30.0);
        record.put("open_loans", 2.0);
        record.put("channel", "web");
        record.put("region", "north");
        record.put("employment", "employed");
        return Map.copyOf(record);
    }
}
