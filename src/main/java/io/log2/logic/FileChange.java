package io.log2.logic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A whole rule file as a change proposes it: its new content, or none when the change removes the file.
 *
 * @param content the file's bytes; {@code null} removes the file
 */
public record FileChange(String name, byte[] content) {

    public boolean removes() {
        return content == null;
    }

    /** The files with the changes applied: each changed file replaced or added, each removed one left out. */
    public static List<RuleFile> apply(List<RuleFile> files, List<FileChange> changes) {
        List<RuleFile> out = new ArrayList<>(files);
        for (FileChange change : changes) {
            out.removeIf(f -> f.name().equals(change.name()));
            if (!change.removes()) {
                out.add(new RuleFile(change.name(), change.content()));
            }
        }
        out.sort(Comparator.comparing(RuleFile::name));
        return out;
    }

    /** What turns {@code from} into {@code to}: the files that differ or are new, and the removed ones. */
    public static List<FileChange> between(List<RuleFile> from, List<RuleFile> to) {
        List<FileChange> changes = new ArrayList<>();
        for (RuleFile file : to) {
            if (!from.contains(file)) {
                changes.add(new FileChange(file.name(), file.content()));
            }
        }
        for (RuleFile file : from) {
            if (to.stream().noneMatch(f -> f.name().equals(file.name()))) {
                changes.add(new FileChange(file.name(), null));
            }
        }
        changes.sort(Comparator.comparing(FileChange::name));
        return changes;
    }
}
