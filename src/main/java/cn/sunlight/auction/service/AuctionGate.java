package cn.sunlight.auction.service;

import cn.sunlight.common.ProblemException;
import cn.sunlight.common.Text;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Queues the bids of one auction inside this JVM before they take a database connection. The auction's row
 * lock alone is correct (and remains the guarantee across instances), but 200 bidders waiting on it would each
 * hold a pooled connection while they wait and starve every other request of the pool. The lock is fair, so
 * bids are served in arrival order; a bid that cannot get its turn within the wait is refused, not lost.
 */
@ApplicationScoped
public class AuctionGate {

    private static final long WAIT_SECONDS = 10;

    private final Map<Long, ReentrantLock> locks = new ConcurrentHashMap<>();

    public <T> T serialised(long tenderId, Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(tenderId, k -> new ReentrantLock(true));
        boolean held;
        try {
            held = lock.tryLock(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            held = false;
        }
        if (!held) {
            throw new ProblemException(503, "auction-busy", Text.of("竞价繁忙，报价未被处理，请重试",
                    "The auction is busy; the quote was not processed, please retry"));
        }
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
