package io.log2.logs.retention;

/**
 * What "a label still used by a learner" is, as SQL. The learners ({@code io.log2.intelligence.Learning}, and the
 * backtest's {@code FeedbackLabels}) read a finding's current label ({@code finding.feedback_id}) only while it was given
 * within {@code log2.retention.label-window}; such a finding is kept with all its labels, the runs that raised, updated
 * or resolved it, and the firings that reported to it. Each fragment takes the label window's start as its one
 * parameter.
 */
final class KeptFindings {

    /** True for a firing (alias {@code fi}) that reported to a finding whose label is in use. */
    static final String EXPLAINS_KEPT = "EXISTS (SELECT 1 FROM finding kf JOIN finding_feedback kb ON kb.id = kf.feedback_id "
            + "WHERE kf.id = fi.finding_id AND kb.given_at >= ?)";

    /** True for a run (alias {@code r}) linked to a finding whose label is in use. */
    static final String RUN_OF_KEPT = "EXISTS (SELECT 1 FROM run_finding kr JOIN finding kf ON kf.id = kr.finding_id "
            + "JOIN finding_feedback kb ON kb.id = kf.feedback_id WHERE kr.run_id = r.id AND kb.given_at >= ?)";

    /** True for a finding (alias {@code f}) whose label is in use. */
    static final String KEPT = "EXISTS (SELECT 1 FROM finding_feedback kb WHERE kb.id = f.feedback_id AND kb.given_at >= ?)";

    private KeptFindings() {
    }
}
