package io.log2.agents.terraform.learn;

import io.log2.agents.terraform.TerraformAgent;
import io.log2.agents.terraform.TerraformConfig;
import io.log2.intelligence.RowChange;
import io.log2.intelligence.TableRowIndex;
import io.log2.intelligence.TableRowIndex.TableRow;
import io.log2.intelligence.proposal.Proposal;
import io.log2.intelligence.proposal.ProposalRefusedException;
import io.log2.intelligence.proposal.ProposalService;
import io.log2.intelligence.proposal.ProposalService.NewProposal;
import io.log2.logic.CompiledRuleSet;
import io.log2.logic.RuleInfo;
import io.log2.logic.RuleSetService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns what the aws-usage agent found into rows of the terraform agent's tables, proposed through the proposal
 * process (validation, approval) like any change to a table:
 * <ul>
 *   <li>a size (instance type or class) the account runs idle or over-provisioned, as the aws-usage agent's savings
 *       opportunities say ({@code idle-instance}, {@code over-provisioned}, {@code idle-database}), on at least
 *       {@code log2.terraform.learn.min-resources} resources, becomes a row of {@value #SIZES_FILE}: plans that create
 *       more of it are flagged;</li>
 *   <li>a tag whose absence the aws-usage agent's RequiredTags rows keep flagging, in open findings on at least
 *       {@code log2.terraform.learn.min-tag-findings} resources, becomes a row of {@value #TAGS_FILE}.</li>
 * </ul>
 * A size or tag the tables have already is left alone. The reason of each row names the source agent and its findings.
 */
@ApplicationScoped
public class AwsUsageLessons {

    public static final String SOURCE = "aws-usage";
    public static final String LEARNER = "from-aws-usage";
    public static final String SIZES_FILE = "account-sizes.drl.xlsx";
    public static final String SIZES_TABLE = "AccountSizes";
    public static final String TAGS_FILE = "required-tags.drl.xlsx";
    public static final String TAGS_TABLE = "RequiredTags";
    static final String TAGS_COLUMN = "Resource types,tag key";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** What was decided for one size or tag. */
    public record Lesson(String kind, String subject, int resources, String action, String reason) {
    }

    /** The answer: what was decided per size and tag, and the proposal made (null when nothing is new). */
    public record Answer(List<Lesson> lessons, Long proposal, String state, String reason) {
    }

    @Inject
    TerraformConfig config;
    @Inject
    AwsUsageFindings findings;
    @Inject
    RuleSetService ruleSets;
    @Inject
    ProposalService proposals;

    public Answer propose(String user) {
        CompiledRuleSet active = ruleSets.active(TerraformAgent.NAME).compiled();
        List<TableRow> sizeRows = rows(active, SIZES_FILE, SIZES_TABLE);
        List<TableRow> tagRows = rows(active, TAGS_FILE, TAGS_TABLE);
        String stamp = STAMP.format(Instant.now());
        List<Lesson> lessons = new ArrayList<>();
        List<RowChange> changes = new ArrayList<>();
        int samples = 0;

        for (AwsUsageFindings.Size size : findings.wastefulSizes()) {
            String subject = size.terraformType() + " " + size.size();
            String why = String.format(Locale.ROOT, "%s: %d %s %s (%s)%s", SOURCE, size.resources().size(),
                    String.join("/", size.kinds()), size.size(), String.join(", ", size.resources()),
                    size.monthlySaving() > 0 ? String.format(Locale.ROOT, ", $%.2f a month to save", size.monthlySaving()) : "");
            boolean present = sizeRows.stream().anyMatch(r -> size.terraformType().equals(r.cells().get("Resource type"))
                    && size.size().equals(r.cells().get("Size")));
            if (present) {
                lessons.add(new Lesson("size", subject, size.resources().size(), "none", why + "; a row has it already"));
            } else if (size.resources().size() < config.learn().minResources()) {
                lessons.add(new Lesson("size", subject, size.resources().size(), "none", why + "; fewer than "
                        + config.learn().minResources() + " resources"));
            } else {
                changes.add(new RowChange(RowChange.Kind.ADD, SIZES_FILE, SIZES_TABLE, SIZES_TABLE + "-" + LEARNER + "-" + stamp
                        + "-" + (changes.size() + 1), sizeCells(size, why), "add " + subject + ", " + why));
                lessons.add(new Lesson("size", subject, size.resources().size(), "add", why));
                samples += size.resources().size();
            }
        }

        for (AwsUsageFindings.MissingTag tag : findings.missingTags()) {
            String why = String.format(Locale.ROOT, "%s: open findings %s of %d resources without the '%s' tag (%s)", SOURCE,
                    String.join("/", tag.rules()), tag.resources().size(), tag.tag(), String.join(", ", tag.resources()));
            boolean present = tagRows.stream().anyMatch(r -> {
                String cell = r.cells().getOrDefault(TAGS_COLUMN, "");
                return cell.substring(cell.lastIndexOf(',') + 1).strip().equalsIgnoreCase(tag.tag());
            });
            if (present) {
                lessons.add(new Lesson("tag", tag.tag(), tag.resources().size(), "none", why + "; the tag is required already"));
            } else if (tag.resources().size() < config.learn().minTagFindings()) {
                lessons.add(new Lesson("tag", tag.tag(), tag.resources().size(), "none", why + "; fewer than "
                        + config.learn().minTagFindings() + " resources"));
            } else {
                changes.add(new RowChange(RowChange.Kind.ADD, TAGS_FILE, TAGS_TABLE, TAGS_TABLE + "-" + LEARNER + "-" + stamp
                        + "-" + (changes.size() + 1), tagCells(tag.tag()), "add tag " + tag.tag() + ", " + why));
                lessons.add(new Lesson("tag", tag.tag(), tag.resources().size(), "add", why));
                samples += tag.resources().size();
            }
        }

        if (changes.isEmpty()) {
            return new Answer(lessons, null, null, "nothing to propose");
        }
        StringBuilder reason = new StringBuilder("lessons from the " + SOURCE + " agent:");
        changes.forEach(c -> reason.append(' ').append(c.reason()).append(';'));
        String text = reason.length() > 1000 ? reason.substring(0, 997) + "..." : reason.toString();
        try {
            Proposal p = proposals.propose(TerraformAgent.NAME, new NewProposal(LEARNER, null, null, samples, text, changes), user);
            return new Answer(lessons, p.id, p.state, p.reason);
        } catch (ProposalRefusedException e) {
            Proposal p = proposals.proposal(e.proposal());
            return new Answer(lessons, p.id, p.state, p.decisionReason);
        }
    }

    private static Map<String, String> sizeCells(AwsUsageFindings.Size size, String why) {
        Map<String, String> cells = new LinkedHashMap<>();
        cells.put("Rule", size.size() + " runs idle or over-provisioned in this account");
        cells.put("Resource type", size.terraformType());
        cells.put("Size", size.size());
        cells.put("Kind", "alert");
        cells.put("Severity", "low");
        cells.put("Category", "cost");
        cells.put("Message", "Account lesson: {type} {resource} asks for {size}, a size this account already runs idle or"
                + " over-provisioned (" + why.replace('{', '(').replace('}', ')').replace('"', '\'') + ")");
        return cells;
    }

    private static Map<String, String> tagCells(String tag) {
        Map<String, String> cells = new LinkedHashMap<>();
        cells.put("Rule", "Tag " + tag + " required (the aws-usage agent keeps flagging its absence)");
        cells.put(TAGS_COLUMN, "aws_.*," + tag);
        cells.put("Kind", "alert");
        cells.put("Severity", "low");
        cells.put("Category", "security");
        cells.put("Message", "Missing tag: {type} {resource} has no " + tag + " tag (tags: {tags})");
        return cells;
    }

    /** The rows of one table in the active version, with their cells. */
    private static List<TableRow> rows(CompiledRuleSet active, String file, String table) {
        TableRowIndex index = TableRowIndex.of(active.files());
        List<TableRow> rows = new ArrayList<>();
        for (RuleInfo info : active.rules().values()) {
            if (file.equals(info.file())) {
                index.row(info.name()).filter(r -> table.equals(r.table())).ifPresent(rows::add);
            }
        }
        return rows;
    }
}
