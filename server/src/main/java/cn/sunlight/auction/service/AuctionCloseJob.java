package cn.sunlight.auction.service;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** The Quartz job behind each auction's end; the work is in {@link AuctionClosing}. */
@Dependent
@DisallowConcurrentExecution
public class AuctionCloseJob implements Job {

    static final String AUCTION_ID = "auctionId";

    @Inject
    AuctionClosing closing;

    @Override
    public void execute(JobExecutionContext context) {
        closing.closeIfDue(Long.parseLong(context.getMergedJobDataMap().getString(AUCTION_ID)));
    }
}
