package io.metalfleet.cert.domain;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.metalfleet.cert.persistence.CaRepository;
import io.metalfleet.cert.persistence.CertificateRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Marks certificates past their not-after as expired, then retires CA generations that a newer one
 * replaced and that no live certificate depends on any more (they leave the trust bundle).
 */
@ApplicationScoped
public class ExpirySweep {

    private static final Logger LOG = Logger.getLogger(ExpirySweep.class);

    /** What one sweep changed. */
    public record Result(int certificatesExpired, int casRetired) {
    }

    @Inject
    CertificateRepository certificates;
    @Inject
    CaRepository cas;
    @Inject
    CaService caService;

    @Scheduled(every = "${metalfleet.certificates.sweep-every:1h}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return sweep(Instant.now()).replaceWithVoid();
    }

    @WithTransaction
    public Uni<Result> sweep(Instant now) {
        return certificates.expire(now).chain(expired -> cas.retireSuperseded(now).map(retired -> {
            if (expired > 0 || retired > 0) {
                LOG.infof("expiry sweep: %d certificates expired, %d CA generations retired", expired, retired);
            }
            return new Result(expired, retired);
        })).invoke(result -> {
            if (result.casRetired() > 0) {
                caService.forgetAll();
            }
        });
    }
}
