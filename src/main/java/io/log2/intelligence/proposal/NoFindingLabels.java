package io.log2.intelligence.proposal;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** No labels: until finding feedback is stored, a backtest reports alert counts, not precision and recall. */
@DefaultBean
@ApplicationScoped
public class NoFindingLabels implements FindingLabels {

    @Override
    public List<Label> labels(String agent) {
        return List.of();
    }
}
