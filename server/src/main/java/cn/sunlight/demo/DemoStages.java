package cn.sunlight.demo;

import cn.sunlight.demo.SandboxTrade.Tender;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's later stages (issue 18): beside the tenders in bidding, sandbox tenders taken by the platform's own API to
 * every later stage — opened (signed opening record, one tampered bid recorded per 电子招标投标办法 Art. 31), in publicity
 * with a complaint in progress, awarded with its notices and contract, a finished online bidding, a failed tender (流标).
 * Their clocks run fast only while a legal time limit has to pass ({@link SandboxTrade}); nothing is inserted.
 * Needs the demo accounts and keys of {@link DemoData}. Quarkus-free: a test runs it against a test instance.
 */
public final class DemoStages {

    /** The sandbox tenders produced, by stage. */
    public record Stages(Tender opened, Tender publicity, Tender contracted, Tender auction, Tender failed, long complaintId) {
    }

    static final String SPECIALTY = "房屋建筑工程";
    static final List<String> EXPERTS = List.of("expert1", "expert2", "expert3", "expert4", "expert5");

    private final SandboxTrade trade;

    public DemoStages(URI server, Path keysDir, PrintStream out) {
        this.trade = new SandboxTrade(server, keysDir, out);
    }

    public Stages build(long tenderingUnitId) throws Exception {
        Path work = Files.createTempDirectory("sunlight-demo-bids");
        List<Map<String, String>> oneLot = List.of(Map.of("name", "施工总承包", "budget", "12000000"));

        trade.step("[demo] an engineering tender opened online, one bid tampered");
        long p1 = trade.project("tenderer", "阳光市滨江公园配套用房（沙箱演示）", null);
        Tender opened = trade.create("tenderer", p1, "滨江公园配套用房施工（沙箱·已开标）", "ENGINEERING", "OPEN", "12000000",
                "11800000", "200000", "LOWEST_EVALUATED_PRICE", oneLot);
        trade.register(opened, "bidder1", "bidder2", "bidder3", "bidder4");
        trade.submit(opened, "bidder1", 1, "11200000.00", work);
        trade.submit(opened, "bidder2", 1, "11350000.00", work);
        trade.submit(opened, "bidder3", 1, "11480000.00", work);
        trade.submitTampered(opened, "bidder4", 1, "10990000.00");
        trade.open(opened, List.of("bidder1", "bidder2", "bidder3"), List.of("bidder4"));

        trade.step("[demo] an engineering tender evaluated and in publicity, with a complaint in progress");
        Tender publicity = evaluated(work, "阳光市第三中学风雨操场（沙箱演示）", "第三中学风雨操场施工（沙箱·公示中）", oneLot);
        trade.publicity(publicity);
        JsonNode complaint = trade.as("bidder3", "POST", "/api/tenders/" + publicity.id() + "/complaints", Map.of(
                "subject", "对评标结果的投诉（沙箱演示）", "text", "第一中标候选人项目经理同时在建其他项目，请监督部门核查。"));
        long complaintId = complaint.get("id").asLong();
        trade.as("supervisor", "POST", "/api/supervision/complaints/" + complaintId + "/accept", null);

        trade.step("[demo] an engineering tender awarded, with its notices and contract");
        Tender contracted = evaluated(work, "阳光市社区卫生服务中心改造（沙箱演示）", "社区卫生服务中心改造施工（沙箱·已签约）", oneLot);
        trade.publicity(contracted);
        trade.award(contracted);
        trade.contract(contracted, "11200000.00");

        trade.step("[demo] a finished online bidding (网上竞价)");
        long p4 = trade.project("agent", "阳光市图书馆阅览设备采购（沙箱演示）", tenderingUnitId);
        Tender auction = trade.create("agent", p4, "图书馆阅览桌椅采购（沙箱·网上竞价已结束）", "GOODS", "ONLINE_BIDDING", "1200000",
                "1150000", "20000", "LOWEST_PRICE_AUCTION", List.of(Map.of("name", "阅览桌椅 300 套", "budget", "1200000")));
        trade.register(auction, "bidder3", "bidder4", "bidder5");
        Map<String, List<String>> quotes = new LinkedHashMap<>();
        quotes.put("bidder3", List.of("1140000.00", "1118000.00"));
        quotes.put("bidder4", List.of("1135000.00", "1109000.00"));
        quotes.put("bidder5", List.of("1130000.00"));
        trade.auction(auction, quotes);

        trade.step("[demo] a failed tender (流标): two bids where the law needs three");
        long p5 = trade.project("tenderer", "阳光市河道清淤工程（沙箱演示）", null);
        Tender failed = trade.create("tenderer", p5, "河道清淤工程施工（沙箱·流标）", "ENGINEERING", "OPEN", "3000000",
                "2900000", "50000", "LOWEST_EVALUATED_PRICE", List.of(Map.of("name", "清淤工程", "budget", "3000000")));
        trade.register(failed, "bidder1", "bidder2");
        trade.submit(failed, "bidder1", 1, "2800000.00", work);
        trade.submit(failed, "bidder2", 1, "2850000.00", work);
        trade.runPastDeadline(failed);
        trade.as("tenderer", "POST", "/api/tenders/" + failed.id() + "/opening/start", null);

        trade.step("[demo] sandbox stages ready: " + trade.get("/api/sandbox/tenders").size() + " sandbox tenders at /api/sandbox/tenders");
        return new Stages(opened, publicity, contracted, auction, failed, complaintId);
    }

    /** A PrintStream whose lines go to {@code log} at INFO (the demo's progress in the server log). */
    public static PrintStream logging(org.jboss.logging.Logger log) {
        return new PrintStream(new java.io.OutputStream() {
            private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                if (b == '\n') {
                    log.info(line.toString(java.nio.charset.StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        }, true, java.nio.charset.StandardCharsets.UTF_8);
    }

    private Tender evaluated(Path work, String project, String title, List<Map<String, String>> lots) throws Exception {
        long p = trade.project("tenderer", project, null);
        Tender t = trade.create("tenderer", p, title, "ENGINEERING", "OPEN", "12000000", "11800000", "200000",
                "LOWEST_EVALUATED_PRICE", lots);
        trade.register(t, "bidder1", "bidder2", "bidder3");
        trade.submit(t, "bidder1", 1, "11200000.00", work);
        trade.submit(t, "bidder2", 1, "11350000.00", work);
        trade.submit(t, "bidder3", 1, "11480000.00", work);
        trade.open(t, List.of("bidder1", "bidder2", "bidder3"), List.of());
        trade.evaluate(t, SPECIALTY, EXPERTS);
        return t;
    }
}
