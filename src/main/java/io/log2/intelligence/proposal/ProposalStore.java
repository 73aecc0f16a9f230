package io.log2.intelligence.proposal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.log2.intelligence.RowChange;
import io.log2.logic.RuleProblem;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/** Reads and writes of proposals, each in a transaction of its own, so a step's outcome is stored whatever follows. */
final class ProposalStore {

    private ProposalStore() {
    }

    static Proposal get(long id) {
        return QuarkusTransaction.requiringNew().call(() -> Proposal.<Proposal>findByIdOptional(id)
                .orElseThrow(() -> new NoSuchElementException("there is no proposal " + id)));
    }

    /** Changes the stored proposal and records the event, in one transaction. */
    static void update(long id, String actor, String event, String detail, Consumer<Proposal> change) {
        QuarkusTransaction.requiringNew().run(() -> {
            Proposal p = Proposal.findById(id);
            change.accept(p);
            p.updatedAt = Instant.now();
            if (event != null) {
                ProposalEvent.of(id, actor, event, detail).persist();
            }
        });
    }

    static List<RowChange> changes(ObjectMapper json, Proposal p) {
        try {
            return json.readValue(p.changes, new TypeReference<List<RowChange>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored changes of proposal " + p.id + " cannot be read", e);
        }
    }

    static List<RuleProblem> problems(ObjectMapper json, Proposal p) {
        if (p.problems == null) {
            return List.of();
        }
        try {
            return json.readValue(p.problems, new TypeReference<List<RuleProblem>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored problems of proposal " + p.id + " cannot be read", e);
        }
    }
}
