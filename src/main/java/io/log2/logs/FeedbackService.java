package io.log2.logs;

import io.log2.logic.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Labels findings: stores each label given as a new row of the finding's feedback history and makes it the
 * finding's label. A label from a labelled import never replaces one a person gave.
 */
@ApplicationScoped
public class FeedbackService {

    /** Gives a person's label to a finding; the label and note are checked here, whoever calls. */
    @Transactional
    public FindingFeedback give(long findingId, String label, String note, String user) {
        if (label == null || !FindingFeedback.LABELS.contains(label)) {
            throw new InvalidRequestException("label must be one of " + String.join(", ", FindingFeedback.LABELS)
                    + (label == null ? "" : ", not '" + shorten(label) + "'"), "/label");
        }
        if (note != null && note.length() > FindingFeedback.MAX_NOTE) {
            throw new InvalidRequestException("note must be at most " + FindingFeedback.MAX_NOTE + " characters, not "
                    + note.length(), "/note");
        }
        if (note != null && !storable(note)) {
            throw new InvalidRequestException("note holds a control character (other than a line break or tab)", "/note");
        }
        LoggedFinding finding = lock(findingId).orElseThrow(() -> new NoSuchElementException("no finding " + findingId));
        return add(finding, label, note == null || note.isBlank() ? null : note, user, FindingFeedback.PERSON);
    }

    /**
     * Gives an import's label to each finding that has none or only an import's; returns the findings it left alone
     * because a person labelled them. {@code labeller} names the import.
     */
    @Transactional
    public Set<Long> giveFromImport(Map<Long, String> labels, String labeller) {
        Set<Long> keptByPerson = new HashSet<>();
        // Rows locked in id order, so that two imports labelling the same findings wait for each other, never deadlock.
        for (Map.Entry<Long, String> e : new java.util.TreeMap<>(labels).entrySet()) {
            LoggedFinding finding = lock(e.getKey()).orElse(null);
            if (finding == null) {
                continue;
            }
            FindingFeedback current = finding.feedbackId == null ? null : FindingFeedback.findById(finding.feedbackId);
            if (current != null && FindingFeedback.PERSON.equals(current.source)) {
                keptByPerson.add(finding.id);
            } else if (current == null || !current.label.equals(e.getValue())) {
                // The same label again (the folder imported twice) adds nothing to the history.
                add(finding, e.getValue(), null, labeller, FindingFeedback.IMPORT);
            }
        }
        return keptByPerson;
    }

    /** Every label the finding was given, newest first; empty when it has none, 404 when there is no such finding. */
    @Transactional
    public List<FindingFeedback> history(long findingId) {
        if (LoggedFinding.find("id", findingId).firstResultOptional().isEmpty()) {
            throw new NoSuchElementException("no finding " + findingId);
        }
        return FindingFeedback.<FindingFeedback>find("findingId = ?1 order by id desc", findingId).list();
    }

    /**
     * The findings of an agent about one fact subject (as {@code Agent.subjectOf} names it, such as a metric series)
     * seen at some time within [from, to], oldest first.
     */
    @Transactional
    public List<LoggedFinding> findingsSeen(String agent, List<String> subject, Instant from, Instant to) {
        return LoggedFinding.<LoggedFinding>find("subject = ?1 and agent = ?2 and firstSeen <= ?3 and lastSeen >= ?4 order by id",
                FindingLedger.Evidence.subjectKey(agent, subject), agent, to, from).list();
    }

    /** The current label of each of the given findings that has one, by finding id. */
    @Transactional
    public Map<Long, FindingFeedback> current(Collection<Long> findingIds) {
        Map<Long, FindingFeedback> out = new HashMap<>();
        if (findingIds.isEmpty()) {
            return out;
        }
        List<Object[]> rows = LoggedFinding.getEntityManager().createQuery("select f.id, fb from LoggedFinding f"
                + " join FindingFeedback fb on fb.id = f.feedbackId where f.id in :ids", Object[].class)
                .setParameter("ids", List.copyOf(findingIds)).getResultList();
        rows.forEach(r -> out.put((Long) r[0], (FindingFeedback) r[1]));
        return out;
    }

    // The row lock orders two labels given at once, so the finding's label is the one stored last.
    private static java.util.Optional<LoggedFinding> lock(long findingId) {
        return LoggedFinding.<LoggedFinding>find("id", findingId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    private static FindingFeedback add(LoggedFinding finding, String label, String note, String by, String source) {
        FindingFeedback feedback = new FindingFeedback();
        feedback.findingId = finding.id;
        feedback.label = label;
        feedback.note = note;
        feedback.givenBy = by;
        feedback.source = source;
        feedback.givenAt = Instant.now();
        feedback.persist();
        // Only this column: the log writer owns the others.
        LoggedFinding.update("feedbackId = ?1 where id = ?2", feedback.id, finding.id);
        return feedback;
    }

    /** No C0 control characters other than tab and line breaks (PostgreSQL cannot store a NUL), no lone surrogates. */
    private static boolean storable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                return false;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            }
        }
        return true;
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
