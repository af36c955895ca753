package cn.sunlight.auction.service;

import cn.sunlight.auction.Auction;
import cn.sunlight.common.PlatformClock;
import jakarta.enterprise.context.ApplicationScoped;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * One Quartz job per auction at its end, in the clustered JDBC job store (jdbc-cmt): scheduled in the setup's
 * transaction, fired by exactly one instance even with several, fired at start-up if its time passed while the
 * platform was down. An extension does not touch the trigger: the job finds the auction not yet ended and
 * schedules itself again at the new end. The trigger is a little after the end so the last quotes decided before
 * the end have committed (the close takes the auction's row lock, which waits for a batch in flight anyway).
 */
@ApplicationScoped
public class AuctionCloseTimer {

    static final String GROUP = "auction-close";
    static final Duration GRACE = Duration.ofMillis(500);

    private final Scheduler quartz;
    private final PlatformClock clock;

    public AuctionCloseTimer(Scheduler quartz, PlatformClock clock) {
        this.quartz = quartz;
        this.clock = clock;
    }

    static JobKey jobKey(long auctionId) {
        return JobKey.jobKey("auction-" + auctionId, GROUP);
    }

    /** (Re)schedules the close at the auction's current end; runs in the caller's transaction. */
    public void schedule(Auction a) {
        // Quartz fires by the host's clock; the platform clock may be moved (tests, a sandbox): fire at the host
        // instant that corresponds to the platform's end time.
        // A sandbox tender's end is in its own (accelerated) time: first the platform instant of that end.
        Duration offset = Duration.between(Instant.now(), clock.now());
        Instant at = clock.realInstant(a.tender, a.endsAt).minus(offset).plus(GRACE);
        Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity(TriggerKey.triggerKey("auction-" + a.id, GROUP))
                .forJob(jobKey(a.id))
                .startAt(Date.from(at))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
        try {
            if (quartz.checkExists(jobKey(a.id))) {
                quartz.rescheduleJob(trigger.getKey(), trigger);
            } else {
                quartz.scheduleJob(JobBuilder.newJob(AuctionCloseJob.class).withIdentity(jobKey(a.id))
                        .usingJobData(AuctionCloseJob.AUCTION_ID, String.valueOf(a.id)).requestRecovery(true).build(), trigger);
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule the close of auction " + a.id, e);
        }
    }

    public Instant nextFire(long auctionId) {
        try {
            Trigger t = quartz.getTrigger(TriggerKey.triggerKey("auction-" + auctionId, GROUP));
            return t == null || t.getNextFireTime() == null ? null : t.getNextFireTime().toInstant();
        } catch (SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }
}
