package cn.sunlight.opening.service;

import cn.sunlight.tender.Tender;
import cn.sunlight.tender.TenderStatus;
import cn.sunlight.tender.service.TenderService;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * One Quartz job per tender, firing at its bid deadline, in the clustered JDBC job store: scheduled in
 * the publishing transaction, moved with the deadline, and fired by exactly one instance even when
 * several share the database. A deadline missed while the platform was down fires at start-up
 * (misfire: fire now), and start-up also fires any tender still open past its deadline.
 */
@ApplicationScoped
public class DeadlineTimer {

    private static final Logger LOG = Logger.getLogger(DeadlineTimer.class);
    static final String GROUP = "bid-deadline";

    private final Scheduler quartz;
    private final cn.sunlight.common.PlatformClock clock;

    public DeadlineTimer(Scheduler quartz, cn.sunlight.common.PlatformClock clock) {
        this.quartz = quartz;
        this.clock = clock;
    }

    public static JobKey jobKey(long tenderId) {
        return JobKey.jobKey("tender-" + tenderId, GROUP);
    }

    void onPublished(@Observes TenderService.TenderPublished event) {
        schedule(event.tender());
    }

    void onDeadlineMoved(@Observes TenderService.DeadlineMoved event) {
        schedule(event.tender());
    }

    /** (Re)schedules the tender's deadline job; runs inside the caller's transaction (jdbc-cmt store). */
    public void schedule(Tender t) {
        Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity(TriggerKey.triggerKey("tender-" + t.id, GROUP))
                .forJob(jobKey(t.id))
                .startAt(Date.from(clock.realInstant(t, t.schedule.bidDeadline))) // a sandbox deadline: its real instant
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
        try {
            if (quartz.checkExists(jobKey(t.id))) {
                quartz.rescheduleJob(trigger.getKey(), trigger);
            } else {
                quartz.scheduleJob(JobBuilder.newJob(DeadlineJob.class).withIdentity(jobKey(t.id))
                        .usingJobData(DeadlineJob.TENDER_ID, String.valueOf(t.id)).requestRecovery(true).build(), trigger);
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule the deadline of tender " + t.code, e);
        }
    }

    /** Removes the tender's deadline job (a sandbox reset). */
    public void unschedule(long tenderId) {
        try {
            quartz.deleteJob(jobKey(tenderId));
        } catch (SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }

    public Instant nextFire(long tenderId) {
        try {
            Trigger t = quartz.getTrigger(TriggerKey.triggerKey("tender-" + tenderId, GROUP));
            return t == null || t.getNextFireTime() == null ? null : t.getNextFireTime().toInstant();
        } catch (SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fires the tender's job now (its own check decides whether the deadline has really passed). */
    public void fireNow(long tenderId) {
        try {
            quartz.triggerJob(jobKey(tenderId));
        } catch (SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }

    void catchUp(@Observes StartupEvent event) {
        closeOverdue();
    }

    /** What start-up does: fires the deadline job of every tender still open past its deadline. */
    @Transactional
    public int closeOverdue() {
        // Sandbox tenders run ahead of the platform clock: each is judged by its own (their deadline may have passed).
        List<Tender> overdue = Tender.<Tender>list("status in ?1 and (schedule.bidDeadline <= ?2 or sandbox.factor is not null)"
                        + " and sandboxResetAt is null", List.of(TenderStatus.PUBLISHED, TenderStatus.BIDDING), clock.now())
                .stream().filter(t -> !clock.now(t).isBefore(t.schedule.bidDeadline)).toList();
        for (Tender t : overdue) {
            LOG.infof("tender %s passed its deadline while the platform was down: closing it now", t.code);
            try {
                if (!quartz.checkExists(jobKey(t.id))) {
                    schedule(t);
                }
                fireNow(t.id);
            } catch (SchedulerException e) {
                LOG.errorf(e, "cannot catch up the deadline of %s", t.code);
            }
        }
        return overdue.size();
    }
}
