package io.log2.logic;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.rule.RuleContext;

/**
 * The global {@code findings} every rule set uses to report what it concluded. Severity, category and the
 * message template come from the rule's metadata ({@code @severity}, {@code @category}, {@code @message} in DRL,
 * METADATA columns in a decision table), so wording and thresholds are data, not code.
 *
 * <p>A message template may name {@code {value}}, {@code {threshold}}, {@code {resource}}, any field of the
 * matched fact and any variable bound in the rule ({@code {budget}} for {@code $budget}).
 */
public final class Findings {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");
    private static final Pattern OPTIONAL = Pattern.compile("\\[([^\\[\\]]*)]");
    private static final String UNKNOWN = "unknown";
    /** Stands for a known field without a value while a template is filled in. */
    private static final String UNKNOWN_MARK = "\u0000?";

    private final CompiledRuleSet ruleSet;
    private final String runId;
    private final IntSupplier currentFiring;
    private final List<Finding> items = new ArrayList<>();
    private final List<ActionRequest> actions = new ArrayList<>();

    public Findings(CompiledRuleSet ruleSet, String runId, IntSupplier currentFiring) {
        this.ruleSet = ruleSet;
        this.runId = runId;
        this.currentFiring = currentFiring;
    }

    public List<Finding> items() {
        return items;
    }

    /** The actions the rules asked for, each with the finding it was raised with. */
    public List<ActionRequest> actions() {
        return actions;
    }

    /**
     * Asks for an action on the fact's resource (see {@code io.log2.actions}); whether it runs by itself, waits for an
     * approver or never runs is the action policy's decision. The action goes with the finding this firing already
     * reported on the fact (a decision table's Action column after its Kind column); when there is none, the call
     * reports a recommendation on the fact first. A quoted name that is not one of {@link ActionNames} is refused
     * when the rule file is compiled ({@link io.log2.logic.check.ActionCheck}).
     */
    public void act(RuleContext ctx, Object fact, String action) {
        Finding finding = items.isEmpty() ? null : items.get(items.size() - 1);
        if (finding == null || finding.firing() != currentFiring.getAsInt() || finding.fact() != fact) {
            add(ctx, Finding.RECOMMENDATION, fact, null, null);
            finding = items.get(items.size() - 1);
        }
        actions.add(new ActionRequest(action, finding.id(), finding.firing(), finding.rule(), finding.severity(),
                finding.resource(), account(fact), tags(fact)));
    }

    private static String account(Object fact) {
        for (String name : List.of("account", "accountId")) {
            Object v = FactFields.get(fact, name);
            if (v != null && !v.toString().isBlank()) {
                return v.toString();
            }
        }
        return "default";
    }

    /** The fact's tags map, with {@code environment} and {@code owner} fields of the fact itself taking part. */
    private static Map<String, String> tags(Object fact) {
        Map<String, String> tags = new java.util.LinkedHashMap<>();
        if (FactFields.get(fact, "tags") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> tags.put(String.valueOf(k), String.valueOf(v)));
        }
        for (String name : List.of("environment", "owner")) {
            Object v = FactFields.get(fact, name);
            if (v != null) {
                tags.put(name, v.toString());
            }
        }
        return Map.copyOf(tags);
    }

    public void alert(RuleContext ctx, Object fact, Number value, Number threshold) {
        add(ctx, Finding.ALERT, fact, value, threshold);
    }

    public void alert(RuleContext ctx, Object fact) {
        add(ctx, Finding.ALERT, fact, null, null);
    }

    public void recommend(RuleContext ctx, Object fact, Number value, Number threshold) {
        add(ctx, Finding.RECOMMENDATION, fact, value, threshold);
    }

    public void recommend(RuleContext ctx, Object fact) {
        add(ctx, Finding.RECOMMENDATION, fact, null, null);
    }

    private void add(RuleContext ctx, String kind, Object fact, Number value, Number threshold) {
        RunGuard guard = RunGuard.current();
        if (guard != null && items.size() >= guard.limits().maxFirings()) {
            // a consequence reporting in a loop would otherwise fill the memory before the run's time is up
            guard.abort(String.format(java.util.Locale.ROOT, "the run reached its cap of %,d findings (log2.run.max-firings)"
                    + "; rule \"%s\" was reporting", guard.limits().maxFirings(), ctx.getRule().getName()));
        }
        Rule rule = ctx.getRule();
        Map<String, Object> meta = rule.getMetaData();
        RuleInfo info = ruleSet.info(rule);
        Double v = value == null ? null : value.doubleValue();
        Double t = threshold == null ? null : threshold.doubleValue();
        String resource = FactFields.resourceOf(fact);
        String template = text(meta.get("message"), rule.getName() + " on {resource}");
        String message = render(template, ctx, fact, v, t, resource);
        String id = runId + "." + (items.size() + 1);
        items.add(new Finding(id, currentFiring.getAsInt(), kind, text(meta.get("severity"), "medium"),
                text(meta.get("category"), null), info.name(), info.file(), info.row(), resource, v, t, message, fact));
    }

    /** Fills the placeholders; a part in [brackets] is left out when one of its placeholders has no value. */
    private static String render(String template, RuleContext ctx, Object fact, Double value, Double threshold,
                                 String resource) {
        Matcher optional = OPTIONAL.matcher(template);
        StringBuilder out = new StringBuilder();
        while (optional.find()) {
            String part = fill(optional.group(1), ctx, fact, value, threshold, resource);
            optional.appendReplacement(out, Matcher.quoteReplacement(part.contains(UNKNOWN_MARK) ? "" : part));
        }
        optional.appendTail(out);
        return fill(out.toString(), ctx, fact, value, threshold, resource).replace(UNKNOWN_MARK, UNKNOWN);
    }

    private static String fill(String template, RuleContext ctx, Object fact, Double value, Double threshold,
                               String resource) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            Object replacement = switch (name) {
                case "value" -> value == null ? null : formatValue(value);
                case "threshold" -> threshold == null ? null : formatNumber(threshold);
                case "resource" -> resource;
                case "rule" -> ctx.getRule().getName();
                default -> lookup(ctx, fact, name);
            };
            m.appendReplacement(out, Matcher.quoteReplacement(replacement == null
                    ? (knows(ctx, fact, name) ? UNKNOWN_MARK : m.group()) : replacement.toString()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Whether a name is a field of the fact or a variable of the rule (so a null is "unknown", not a typo). */
    private static boolean knows(RuleContext ctx, Object fact, String name) {
        if (List.of("value", "threshold", "resource").contains(name) || FactFields.has(fact, name)) {
            return true;
        }
        return ctx.getMatch().getDeclarationIds().contains("$" + name);
    }

    private static Object lookup(RuleContext ctx, Object fact, String name) {
        Object v = FactFields.get(fact, name);
        if (v == null) {
            try {
                v = ctx.getMatch().getDeclarationValue("$" + name);
            } catch (RuntimeException ignored) {
                v = null;
            }
        }
        return v instanceof Number n ? formatNumber(n.doubleValue()) : v;
    }

    /** A measured value keeps one decimal at least ("93.0"), at most two. */
    static String formatValue(double v) {
        BigDecimal d = BigDecimal.valueOf(v).setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros();
        return d.scale() < 1 ? d.setScale(1).toPlainString() : d.toPlainString();
    }

    /** A threshold or other number prints as a person writes it ("80", "4.5"). */
    static String formatNumber(double v) {
        BigDecimal d = BigDecimal.valueOf(v).setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }

    private static String text(Object meta, String otherwise) {
        if (meta == null) {
            return otherwise;
        }
        String s = meta.toString();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1);
        }
        return s.isBlank() ? otherwise : s;
    }
}
