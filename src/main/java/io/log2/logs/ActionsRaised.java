package io.log2.logs;

import io.log2.logic.ActionRequest;
import java.util.List;

/** CDI event fired after {@link RunLogged} when the run's rules asked for actions; the findings are committed. */
public record ActionsRaised(RunRecord run, List<ActionRequest> actions) {
}
