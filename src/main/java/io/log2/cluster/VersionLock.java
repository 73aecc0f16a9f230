package io.log2.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Serialises the numbering of one agent's versions across instances: held from the call until the caller's
 * transaction ends, so the next number is read after the previous holder's version is committed. On PostgreSQL it
 * is a transaction advisory lock; on H2, which one process opens, the callers on that process are already serialised
 * per agent and the unique (agent, seq) constraint refuses anything else.
 */
@ApplicationScoped
public class VersionLock {

    @Inject
    EntityManager em;

    private volatile Boolean postgres;

    /** Takes the lock of the agent's version numbers for the current transaction, waiting for another holder. */
    public void hold(String agent) {
        if (isPostgres()) {
            em.createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(?1, hashtext(?2))) AS held")
                    .setParameter(1, Lease.LOCK_SPACE + 1)
                    .setParameter(2, "versions:" + agent)
                    .getSingleResult();
        }
    }

    private boolean isPostgres() {
        Boolean pg = postgres;
        if (pg == null) {
            pg = em.unwrap(org.hibernate.Session.class).doReturningWork(
                    c -> c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres"));
            postgres = pg;
        }
        return pg;
    }
}
