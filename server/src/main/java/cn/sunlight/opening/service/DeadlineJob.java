package cn.sunlight.opening.service;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** The Quartz job behind each tender's deadline; the work is in {@link BidClosing}. */
@Dependent
@DisallowConcurrentExecution
public class DeadlineJob implements Job {

    static final String TENDER_ID = "tenderId";

    @Inject
    BidClosing closing;

    @Override
    public void execute(JobExecutionContext context) {
        closing.closeIfDue(Long.parseLong(context.getMergedJobDataMap().getString(TENDER_ID)));
    }
}
