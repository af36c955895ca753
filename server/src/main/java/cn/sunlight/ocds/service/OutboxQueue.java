package cn.sunlight.ocds.service;

import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.Text;
import cn.sunlight.common.page.Cursor;
import cn.sunlight.common.page.Page;
import cn.sunlight.common.page.PageRequest;
import cn.sunlight.ocds.OutboxItem;
import cn.sunlight.supervision.Alert;
import cn.sunlight.supervision.service.AlertSource;
import cn.sunlight.tender.Tender;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The data-exchange queue as operators and supervisors see it, and its alerts: an item still undelivered after
 * {@code yellow-after} raises a yellow alert for its tender, after {@code promptness} a red one (电子招标投标办法 Art. 56:
 * the trading platform supplies the information to the public service platform promptly).
 */
@ApplicationScoped
public class OutboxQueue implements AlertSource {

    static final int MAX_LISTED = 200;

    public record Item(String releaseId, String ocid, String dataSet, Instant createdAt, int attempts, Instant nextAttemptAt,
                       Instant lastAttemptAt, String lastError, Instant deliveredAt, Integer receiptStatus, String receipt) {
        static Item of(OutboxItem o) {
            return new Item(o.release.releaseId, o.release.ocid, o.dataSet, o.createdAt, o.attempts, o.nextAttemptAt, o.lastAttemptAt,
                    o.lastError, o.deliveredAt, o.receiptStatus, o.receipt);
        }
    }

    public record View(boolean endpointConfigured, long pending, long delivered, Instant oldestPendingAt, List<Item> pendingItems,
                       List<Item> recentlyDelivered) {
    }

    private final PlatformClock clock;
    private final OutboxSender sender;
    private final OcdsCodes codes;
    private final Duration yellowAfter;
    private final Duration promptness;

    public OutboxQueue(PlatformClock clock, OutboxSender sender, OcdsCodes codes,
                       @ConfigProperty(name = "sunlight.ocds.exchange.yellow-after") Duration yellowAfter,
                       @ConfigProperty(name = "sunlight.ocds.exchange.promptness") Duration promptness) {
        this.clock = clock;
        this.sender = sender;
        this.codes = codes;
        this.yellowAfter = yellowAfter;
        this.promptness = promptness;
    }

    @Transactional
    public View view() {
        List<OutboxItem> pending = OutboxItem.find("deliveredAt is null order by releasePk").page(0, MAX_LISTED).list();
        List<OutboxItem> done = OutboxItem.find("deliveredAt is not null order by deliveredAt desc, releasePk desc").page(0, 50).list();
        return new View(sender.configured(), OutboxItem.count("deliveredAt is null"), OutboxItem.count("deliveredAt is not null"),
                pending.isEmpty() ? null : pending.stream().map(o -> o.createdAt).min(Instant::compareTo).orElseThrow(),
                pending.stream().map(Item::of).toList(), done.stream().map(Item::of).toList());
    }

    /** A pending item with its age now and how late that is (null: within {@code yellow-after}). */
    public record Waiting(Item item, Text dataSetName, Duration age, Alert.Level late) {
        public boolean red() {
            return late == Alert.Level.RED;
        }

        public boolean yellow() {
            return late == Alert.Level.YELLOW;
        }
    }

    /** The operator page's data: a page of pending items (oldest first), the recent receipts, the thresholds. */
    /** A delivered item with the name of its data set. */
    public record Receipt(Item item, Text dataSetName) {
    }

    public record Board(boolean endpointConfigured, long pending, long delivered, Page<Waiting> pendingItems,
                        List<Receipt> recentlyDelivered, Duration yellowAfter, Duration promptness, Instant now) {
    }

    @Transactional
    public Board board(PageRequest page) {
        Cursor c = page.cursor();
        List<OutboxItem> rows;
        if (c == null) {
            rows = OutboxItem.<OutboxItem>find("deliveredAt is null order by releasePk").range(0, page.limit()).list();
        } else {
            long pk = c.longKey(PageRequest.CURSOR, 0);
            rows = page.backwards()
                    ? OutboxItem.<OutboxItem>find("deliveredAt is null and releasePk < ?1 order by releasePk desc", pk).range(0, page.limit()).list()
                    : OutboxItem.<OutboxItem>find("deliveredAt is null and releasePk > ?1 order by releasePk", pk).range(0, page.limit()).list();
        }
        Instant now = clock.now();
        Page<Waiting> pending = Page.of(page, rows, o -> new Object[]{o.releasePk})
                .map(o -> new Waiting(Item.of(o), codes.dataSet(o.dataSet), Duration.between(o.createdAt, now), lateness(o.createdAt, now).orElse(null)));
        List<OutboxItem> done = OutboxItem.find("deliveredAt is not null order by deliveredAt desc, releasePk desc").page(0, 20).list();
        long pendingCount = OutboxItem.count("deliveredAt is null");
        return new Board(sender.configured(), pendingCount, OutboxItem.count("deliveredAt is not null"),
                pending.withTotal(new Page.Total(pendingCount, true)), done.stream().map(o -> new Receipt(Item.of(o), codes.dataSet(o.dataSet))).toList(), yellowAfter, promptness, now);
    }

    /** How late an undelivered item created then is now: none yet, yellow after {@code yellow-after}, red after {@code promptness}. */
    public Optional<Alert.Level> lateness(Instant createdAt, Instant now) {
        if (!now.isBefore(createdAt.plus(promptness))) {
            return Optional.of(Alert.Level.RED);
        }
        return createdAt.isAfter(now.minus(yellowAfter)) ? Optional.empty() : Optional.of(Alert.Level.YELLOW);
    }

    @Override
    @Transactional
    public List<Alert> alerts(Instant now) {
        if (!sender.configured()) {
            return List.of(); // no public service platform configured (demo, tests): the operator's queue says so, not the desk
        }
        List<OutboxItem> late = OutboxItem.list("deliveredAt is null and createdAt <= ?1 order by releasePk", now.minus(yellowAfter));
        Map<Long, List<OutboxItem>> byTender = new LinkedHashMap<>();
        late.forEach(o -> byTender.computeIfAbsent(o.release.tenderId, k -> new ArrayList<>()).add(o));
        List<Alert> out = new ArrayList<>();
        byTender.forEach((tenderId, items) -> {
            OutboxItem oldest = items.getFirst();
            Instant due = oldest.createdAt.plus(promptness);
            boolean red = lateness(oldest.createdAt, now).orElseThrow() == Alert.Level.RED;
            Tender t = Tender.findById(tenderId);
            String code = t == null ? "—" : t.code;
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("undelivered", items.size());
            evidence.put("oldestRelease", oldest.release.releaseId);
            evidence.put("attempts", oldest.attempts);
            if (oldest.lastError != null) {
                evidence.put("lastError", oldest.lastError);
            }
            out.add(new Alert(red ? Alert.Level.RED : Alert.Level.YELLOW, "data-exchange-within", tenderId, code,
                    Text.of("招标项目 " + code + " 有 " + items.size() + " 条交易信息未报送公共服务平台（最早 " + oldest.createdAt + "）",
                            "Tender " + code + ": " + items.size() + " item(s) not delivered to the public service platform (oldest "
                                    + oldest.createdAt + ")"),
                    due, "data-exchange-promptness", "电子招标投标办法 第五十六条（及时交互交易信息）", evidence));
        });
        return out;
    }

    /** When the scheduler's run is not awaited (tests, an operator's nudge): send now. */
    public int sendNow() {
        return sender.send();
    }
}
