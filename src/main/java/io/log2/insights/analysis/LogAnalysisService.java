package io.log2.insights.analysis;

import io.log2.insights.analysis.LogAnalysis.Analysis;
import io.log2.logic.RuleInfo;
import io.log2.logic.RuleSetService;
import io.log2.logs.LogUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/** Answers the log analysis of an agent: checks the agent, reads its active rules, and analyses the span. */
@ApplicationScoped
public class LogAnalysisService {

    @Inject
    DataSource dataSource;
    @Inject
    RuleSetService ruleSets;

    /**
     * The analysis of {@code agent} from {@code from} to {@code to} (ISO-8601 instants, either may be null: see
     * {@link AnalysisSpan#of}). An unknown agent is an {@code UnknownAgentException}.
     */
    public Analysis analyse(String agent, String from, String to) {
        ruleSets.agent(agent);
        AnalysisSpan span = AnalysisSpan.of(agent, from, to, Instant.now());
        List<String> rules = ruleSets.activeIfAny(agent)
                .map(rs -> rs.compiled().rules().values().stream().map(RuleInfo::name).toList())
                .orElse(List.of());
        try (Connection connection = dataSource.getConnection()) {
            return LogAnalysis.analyse(connection, span, rules);
        } catch (SQLException e) {
            throw new LogUnavailableException("the log could not be read for the analysis; try again later", e);
        }
    }
}
