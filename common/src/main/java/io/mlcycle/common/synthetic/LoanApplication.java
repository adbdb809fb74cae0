package io.mlcycle.common.synthetic;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One synthetic loan application and its three targets, one per task: whether it defaulted (binary), its risk grade
 * {@code A}, {@code B} or {@code C} (multiclass, A the safest) and the interest rate offered, in percent a year
 * (regression). {@code income} is null when missing.
 */
public record LoanApplication(
        String applicationId,
        String customerId,
        Instant eventTime,
        double amount,
        Double income,
        double age,
        double creditScore,
        double tenureMonths,
        double openLoans,
        String channel,
        String region,
        String employment,
        int defaulted,
        String riskGrade,
        double interestRate) {
    public LoanApplication {
        requireNonNull(applicationId, "applicationId is null");
        requireNonNull(customerId, "customerId is null");
        requireNonNull(eventTime, "eventTime is null");
        requireNonNull(channel, "channel is null");
        requireNonNull(region, "region is null");
        requireNonNull(employment, "employment is null");
        requireNonNull(riskGrade, "riskGrade is null");
    }

    /** The event as the outside world sends it: no label. Column names follow conf/application.conf's dataset. */
    public Map<String, Object> event() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("application_id", applicationId);
        event.put("customer_id", customerId);
        event.put("event_time", eventTime.toString());
        event.put("amount", amount);
        event.put("income", income);
        event.put("age", age);
        event.put("credit_score", creditScore);
        event.put("tenure_months", tenureMonths);
        event.put("open_loans", openLoans);
        event.put("channel", channel);
        event.put("region", region);
        event.put("employment", employment);
        return event;
    }

    /**
     * The event with its targets, as in the historical files: every task's target is written, and a task's dataset
     * (conf/application.conf, conf/tasks/*.conf) declares its own as the label and leaves the others out of its schema.
     */
    public Map<String, Object> labeledEvent() {
        Map<String, Object> row = event();
        row.put("defaulted", defaulted);
        row.put("risk_grade", riskGrade);
        row.put("interest_rate", interestRate);
        return row;
    }
}
