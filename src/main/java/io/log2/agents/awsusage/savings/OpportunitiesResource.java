package io.log2.agents.awsusage.savings;

import io.log2.pricing.PriceTable;

import io.log2.agents.awsusage.AwsUsageAgent;
import io.log2.logic.InvalidRequestException;
import io.log2.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/agents/aws-usage/opportunities}: the savings opportunities of the last scan of each account and
 * region, the largest first, with the price table they were priced from. Shares its root with the other agent
 * endpoints (JAX-RS does not look past the first root path that matches).
 */
@Path("/api/agents")
@Produces(MediaType.APPLICATION_JSON)
public class OpportunitiesResource {

    static final Set<String> KINDS = Set.of(SavingsOpportunity.IDLE_INSTANCE, SavingsOpportunity.UNATTACHED_VOLUME,
            SavingsOpportunity.IDLE_DATABASE, SavingsOpportunity.UNASSOCIATED_ADDRESS,
            SavingsOpportunity.OVER_PROVISIONED, SavingsOpportunity.GP2_TO_GP3, SavingsOpportunity.PREVIOUS_GENERATION,
            SavingsOpportunity.SAVINGS_PLAN);

    public record PriceSource(LocalDate asOf, String source, double hoursPerMonth, double savingsPlanDiscount,
                              String savingsPlanSource) {
    }

    public record Item(String kind, String account, String region, String resourceType, String resource,
                       String evidence, String recommendation, Double monthlySaving, LocalDate from, LocalDate to,
                       Instant foundAt) {
    }

    /**
     * {@code totalMonthlySaving} counts each resource once, at its largest saving: opportunities on the same
     * resource (idle, one size down, a newer generation) are alternatives, not additions.
     */
    public record Opportunities(PriceSource prices, double totalMonthlySaving, List<Item> opportunities) {
    }

    @Inject
    SavingsStore store;
    @Inject
    SavingsChecks checks;

    @GET
    @Path(AwsUsageAgent.NAME + "/opportunities")
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public Opportunities opportunities(@QueryParam("kind") String kind) {
        if (kind != null && !KINDS.contains(kind)) {
            throw new InvalidRequestException("kind must be one of " + KINDS.stream().sorted().toList()
                    + ", not '" + kind + "'", "kind");
        }
        List<Item> items = store.all().stream()
                .filter(s -> kind == null || kind.equals(s.opportunity().kind()))
                .map(s -> {
                    SavingsOpportunity o = s.opportunity();
                    return new Item(o.kind(), o.account(), o.region(), o.resourceType(), o.resource(), o.evidence(),
                            o.recommendation(), o.monthlySaving(), o.from(), o.to(), s.foundAt());
                }).toList();
        Map<String, Double> largest = new HashMap<>();
        for (Item i : items) {
            if (i.monthlySaving() != null) {
                largest.merge(i.account() + "|" + i.region() + "|" + i.resource(), i.monthlySaving(), Math::max);
            }
        }
        double total = SavingsOpportunity.cents(largest.values().stream().mapToDouble(Double::doubleValue).sum());
        PriceTable p = checks.prices();
        return new Opportunities(new PriceSource(p.asOf(), p.source(), p.hoursPerMonth(), p.savingsPlanDiscount(),
                p.savingsPlanSource()), total, items);
    }
}
