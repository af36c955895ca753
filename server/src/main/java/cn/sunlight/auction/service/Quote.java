package cn.sunlight.auction.service;

import cn.sunlight.audit.service.AuditTrail;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A quote that passed every check that needs no auction state (bidder registered, signature valid under its
 * cached certificate, price format, round a positive number): what the sequencer decides. {@code pendingId} is
 * set when it reached the sequencer through the pending-quotes table from another instance.
 */
public record Quote(long auctionId, long organisationId, long userId, AuditTrail.Actor actor, BigDecimal price, int round,
                    String statement, String signature, String certificatePem, Instant receivedAt, Long pendingId) {

    Quote forwarded(long id) {
        return new Quote(auctionId, organisationId, userId, actor, price, round, statement, signature, certificatePem, receivedAt, id);
    }
}
