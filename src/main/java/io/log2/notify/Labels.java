package io.log2.notify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The labels of a finding that routes, groups and silences match on. */
public final class Labels {

    public static final List<String> NAMES = List.of("agent", "rule", "resource", "category", "severity");
    /** The labels a route may group by. */
    public static final List<String> GROUPABLE = List.of("agent", "rule", "resource", "category");

    private Labels() {
    }

    static Map<String, String> of(String agent, String rule, String resource, String category, String severity) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("agent", agent);
        m.put("rule", rule);
        m.put("resource", resource);
        m.put("category", category);
        m.put("severity", severity);
        return m;
    }
}
