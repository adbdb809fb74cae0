package io.mlcycle.common.dataset;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * Spark SQL expression parsing for derived columns, kept apart so that reading a dataset spec does not need Spark: this
 * class (whose verification needs Scala and Spark) is touched only when {@link DerivedColumn} found Spark on the
 * classpath (the jobs), never in the CLI, whose jar has no Spark.
 */
final class SqlExpressions {
    private SqlExpressions() {}

    static List<String> referencedColumns(String text) {
        Set<String> names = new LinkedHashSet<>();
        try {
            Expression parsed = CatalystSqlParser$.MODULE$.parseExpression(text);
            parsed.foreach(new AbstractFunction1<Expression, BoxedUnit>() {
                @Override
                public BoxedUnit apply(Expression node) {
                    if (node instanceof UnresolvedAttribute attribute) {
                        names.add(attribute.name());
                    }
                    return BoxedUnit.UNIT;
                }
            });
        } catch (Exception e) { // reported by parseProblem(); Spark's ParseException is checked
            return List.of();
        }
        return List.copyOf(names);
    }

    static String parseProblem(String text) {
        try {
            CatalystSqlParser$.MODULE$.parseExpression(text);
            return null;
        } catch (Exception e) { // Spark's ParseException is a checked exception thrown from Scala
            String message = String.valueOf(e.getMessage());
            return message.lines().findFirst().orElse(message);
        }
    }
}
