package io.log2.logs;

/** CDI event fired once a run and its firings are committed. */
public record RunLogged(RunRecord run) {
}
