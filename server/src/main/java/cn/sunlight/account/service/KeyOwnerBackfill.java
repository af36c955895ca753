package cn.sunlight.account.service;

import cn.sunlight.account.PartyCertificate;
import cn.sunlight.account.PartyKey;
import cn.sunlight.crypto.CertificationRequests;
import cn.sunlight.crypto.Pem;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/**
 * Records the owners of keys certified before keys had owners (migration V12): once, when {@code party_key} is still
 * empty but certificates exist. Oldest certificate first, so a key certified for two organisations stays with the
 * first; the later organisation's certificate keeps working until it expires but that key cannot be certified for it
 * again. Idempotent, so two instances starting together do no harm.
 */
@ApplicationScoped
public class KeyOwnerBackfill {

    private static final Logger LOG = Logger.getLogger(KeyOwnerBackfill.class);

    @Transactional
    void onStart(@Observes StartupEvent event) {
        if (PartyKey.count() > 0 || PartyCertificate.count() == 0) {
            return;
        }
        int shared = 0;
        for (PartyCertificate pc : PartyCertificate.<PartyCertificate>list("order by issuedAt, id")) {
            if (pc.user.organisation == null) {
                continue;
            }
            String spki = CertificationRequests.spkiSha256(Pem.readCertificate(pc.certificatePem).getPublicKey());
            if (PartyKey.claim(spki, pc.user.organisation.id, pc.issuedAt) != pc.user.organisation.id) {
                shared++;
                LOG.warnf("Certificate %s (account %d) certifies a key already certified for another organisation",
                        pc.serial, pc.user.id);
            }
        }
        LOG.infof("Recorded the owning organisations of the keys of %d existing certificates (%d shared across organisations)",
                PartyCertificate.count(), shared);
    }
}
