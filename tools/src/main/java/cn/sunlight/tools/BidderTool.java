package cn.sunlight.tools;

import java.io.PrintStream;
import java.util.Map;

/**
 * The bidder's command-line tool: seals bids on the bidder's machine, submits them, withdraws them and checks the
 * platform's receipts. Its commands are those of {@link SunlightTools} (the standalone jar's main class:
 * {@code java -jar sunlight-tools.jar submit ...}); this entry point stays for callers that name it.
 *
 * <p>Exit codes: 0 done, 1 refused by the platform, 2 usage or local error (the platform accepted nothing), 3 a
 * receipt did not verify.
 */
public final class BidderTool {

    private BidderTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /** Runs one command; returns the exit code instead of exiting (tests and embedding callers). */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return SunlightTools.run(args, out, err, env);
    }
}
