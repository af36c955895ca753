package cn.sunlight.demo;

import cn.sunlight.account.UserAccount;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import cn.sunlight.crypto.CertificationRequests;
import cn.sunlight.crypto.KeyPairs;
import cn.sunlight.crypto.Pem;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Demo data for `.ci/sunlight demo`: one account per role, five bidders and five experts, and a sample
 * tender of each trade type taken to bidding. It is created through the platform's own HTTP API, as a
 * user would, so the demo exercises the same checks, audit and rules as real use. Idempotent.
 */
@ApplicationScoped
public class DemoData {

    private static final Logger LOG = Logger.getLogger(DemoData.class);
    public static final String PASSWORD = "Sunlight@2026";

    @ConfigProperty(name = "sunlight.demo.enabled")
    boolean enabled;
    @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080")
    int port;
    @ConfigProperty(name = "sunlight.zone")
    ZoneId zone;
    @Inject
    cn.sunlight.account.service.Bootstrap bootstrap;
    @ConfigProperty(name = "sunlight.demo.keys-dir", defaultValue = "var/demo-keys")
    Path keysDir;
    /** Whether the demo also builds its sandbox tenders at every later stage ({@link DemoStages}). */
    @ConfigProperty(name = "sunlight.demo.stages", defaultValue = "true")
    boolean stages;

    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    private final HttpClient http = HttpClient.newHttpClient();

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        boolean seeded = QuarkusTransaction.requiringNew().call(() -> UserAccount.byUsername("tenderer").isPresent());
        if (seeded) {
            LOG.info("Demo data already present");
            return;
        }
        // The HTTP server starts after StartupEvent observers return: seed from another thread.
        Thread.ofVirtual().name("demo-data").start(this::seedWhenUp);
    }

    private void seedWhenUp() {
        Instant giveUp = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(giveUp)) {
            try {
                long unit = seed();
                LOG.info("Demo data created: log in as tenderer / agent / bidder1..5 / expert1..5 / supervisor / operator, password " + PASSWORD
                        + "; their keys are in " + keysDir.toAbsolutePath());
                if (stages) {
                    try {
                        new DemoStages(URI.create("http://127.0.0.1:" + port), keysDir, DemoStages.logging(LOG)).build(unit);
                    } catch (Exception e) {
                        LOG.error("The demo's sandbox stages could not be built", e);
                    }
                }
                return;
            } catch (java.net.ConnectException e) {
                sleep();
            } catch (Exception e) {
                LOG.error("Demo data could not be created", e);
                return;
            }
        }
    }

    /**
     * Seeds the demo accounts, keys and tenders through the API at 127.0.0.1:{@code port}, keys into {@code keys}
     * (a test points it at its own instance); returns the demo tendering unit's id.
     */
    public synchronized long seedAt(int port, Path keys) throws Exception {
        this.port = port;
        this.keysDir = keys;
        return seed();
    }

    private long seed() throws Exception {
        String op = login(bootstrap.operator().username());
        long unit = org(op, "91440300MA5DEM0019", "阳光市城市建设投资集团有限公司", "TENDERING_UNIT");
        long agentOrg = org(op, "91440300MA5DEM002C", "阳光招标代理有限公司", "AGENT");
        long drc = org(op, "11440300MB2DRC0015", "阳光市发展和改革委员会", "SUPERVISION_AUTHORITY");
        user(op, "tenderer", "TENDERER", unit, "张招标（阳光城投）");
        user(op, "agent", "AGENT", agentOrg, "李代理（阳光招标代理）");
        user(op, "supervisor", "SUPERVISOR", drc, "王监督（市发改委）");
        String[][] bidders = {
                {"91440300MA5DEMB01P", "阳光第一建筑工程有限公司"}, {"91440300MA5DEMB02T", "南方路桥建设集团有限公司"},
                {"91440300MA5DEMB03X", "华信科技设备有限公司"}, {"91440300MA5DEMB041", "东湖信息技术股份有限公司"},
                {"91440300MA5DEMB054", "北辰机电工程有限公司"}};
        for (int i = 0; i < bidders.length; i++) {
            long b = org(op, bidders[i][0], bidders[i][1], "BIDDER");
            user(op, "bidder" + (i + 1), "BIDDER", b, "投标人" + (i + 1) + "（" + bidders[i][1] + "）");
        }
        long e1 = org(op, "12440300MB2EXP0013", "阳光大学", "EXPERT_EMPLOYER");
        long e2 = org(op, "12440300MB2EXP0026", "阳光市建筑设计研究院", "EXPERT_EMPLOYER");
        for (int i = 1; i <= 5; i++) {
            // All five share one specialty so that the demo can draw a five-member committee for the engineering tender.
            long expert = id(post(op, "/api/accounts", Map.of("username", "expert" + i, "password", PASSWORD, "role", "EXPERT",
                    "organisationId", i % 2 == 1 ? e1 : e2, "displayName", "评标专家" + i)));
            send(op, "PUT", "/api/experts/" + expert, Map.of("specialty", "房屋建筑工程"));
        }

        // Every demo account gets its own key pairs, certified by the platform CA; the private keys are
        // written for the demo users (the bidder tool reads them), never kept by the platform.
        for (String u : List.of("operator", "tenderer", "agent", "supervisor", "bidder1", "bidder2", "bidder3", "bidder4",
                "bidder5", "expert1", "expert2", "expert3", "expert4", "expert5")) {
            keys(u);
        }

        String tenderer = login("tenderer");
        long p1 = id(post(tenderer, "/api/projects", Map.of("name", "阳光市第二人民医院门诊楼建设项目", "region", "阳光市")));
        long t1 = tender(tenderer, p1, "阳光市第二人民医院门诊楼施工总承包", "ENGINEERING", "OPEN", "58000000", "56000000", "800000",
                "LOWEST_EVALUATED_PRICE", List.of(Map.of("name", "第一标段：土建工程", "budget", "38000000"),
                        Map.of("name", "第二标段：机电安装工程", "budget", "20000000")), 25);
        // The agent acts for the tendering unit only under its entrustment (委托代理, 招标投标法 Art. 12-13).
        post(tenderer, "/api/entrustments", Map.of("agentCreditCode", "91440300MA5DEM002C",
                "validUntil", java.time.Instant.now().plus(java.time.Duration.ofDays(730)).toString()));
        // bidder1 and bidder2 registered for it, so that the README's bidder-tool example works on the demo as written.
        for (String b : List.of("bidder1", "bidder2")) {
            post(login(b), "/api/tenders/" + t1 + "/registrations", Map.of());
        }
        String agent = login("agent");
        long p2 = id(post(agent, "/api/projects", Map.of("name", "阳光市教育局 2027 年办公设备采购", "region", "阳光市", "tenderingUnitId", unit)));
        tender(agent, p2, "阳光市教育局办公电脑采购（网上竞价）", "GOODS", "ONLINE_BIDDING", "1200000", "1150000", "20000",
                "LOWEST_PRICE_AUCTION", List.of(Map.of("name", "台式计算机 400 台", "budget", "1200000")), 25);
        long p3 = id(post(agent, "/api/projects", Map.of("name", "阳光市政务服务数据管理局智慧政务云运维", "region", "阳光市", "tenderingUnitId", unit)));
        tender(agent, p3, "智慧政务云平台 2027 年度运维服务", "PROCUREMENT", "COMPETITIVE_CONSULTATION", "3000000", "2900000", "30000",
                "COMPREHENSIVE_SCORING", List.of(Map.of("name", "包 1：云平台运维", "budget", "3000000")), 25);
        // One tender sealed with the national suite (SM2/SM4/SM3): demo bidders have SM2 keys beside their others.
        long p4 = id(post(tenderer, "/api/projects", Map.of("name", "阳光市政务外网商用密码应用改造", "region", "阳光市")));
        tender(tenderer, p4, "政务外网商用密码应用改造设备采购（国密）", "GOODS", "OPEN", "4500000", "4400000", "60000",
                "LOWEST_EVALUATED_PRICE", List.of(Map.of("name", "密码设备及安装", "budget", "4500000")), 25, "NATIONAL");
        return unit;
    }

    /**
     * A demo tender's body: documents issued at {@code issued} and on sale for 10 days, clarifications until 16 days
     * before the deadline (the shipped rules' limits with room to spare). Shared by the demo seed and the sandbox stages.
     */
    static Map<String, Object> tenderBody(String title, String tradeType, String method, String budget, String ceiling, String bond,
                                          String evaluation, List<Map<String, String>> lots, Instant issued, Instant deadline) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", title);
        body.put("tradeType", tradeType);
        body.put("method", method);
        body.put("budget", budget);
        body.put("ceilingPrice", ceiling);
        body.put("bidBond", bond);
        body.put("evaluationMethod", evaluation);
        body.put("qualifications", "具有独立法人资格，近三年内无重大违法记录；具备相应资质与业绩。");
        body.put("documentsIssuedAt", issued.toString());
        body.put("documentsSaleEndsAt", issued.plus(Duration.ofDays(10)).toString());
        body.put("clarificationCutoff", deadline.minus(Duration.ofDays(16)).toString());
        body.put("bidDeadline", deadline.toString());
        body.put("openingPlace", "阳光市公共资源交易中心不见面开标大厅（线上）");
        body.put("lots", lots);
        return body;
    }

    private long tender(String token, long project, String title, String tradeType, String method, String budget,
                        String ceiling, String bond, String evaluation, List<Map<String, String>> lots, int days) throws Exception {
        return tender(token, project, title, tradeType, method, budget, ceiling, bond, evaluation, lots, days, "INTERNATIONAL");
    }

    private long tender(String token, long project, String title, String tradeType, String method, String budget,
                        String ceiling, String bond, String evaluation, List<Map<String, String>> lots, int days,
                        String suite) throws Exception {
        Instant issued = Instant.now().truncatedTo(ChronoUnit.SECONDS); // minutes could be 60 s ago: "not-in-past"
        Instant deadline = issued.atZone(zone).toLocalDate().plusDays(days).atTime(LocalTime.of(9, 30)).atZone(zone).toInstant();
        Map<String, Object> body = tenderBody(title, tradeType, method, budget, ceiling, bond, evaluation, lots, issued, deadline);
        body.put("cryptoSuite", suite);
        long id = id(post(token, "/api/projects/" + project + "/tenders", body));
        post(token, "/api/tenders/" + id + "/publish", Map.of());
        return id;
    }

    private void keys(String username) throws Exception {
        String token = login(username);
        Path dir = keysDir.resolve(username);
        Files.createDirectories(dir);
        for (String purpose : List.of("signing", "encryption")) {
            KeyPair pair = KeyPairs.ecP256();
            // A PKCS#10 request signed with the new key: the platform certifies only keys the caller proves it holds.
            JsonNode cert = post(token, "/api/me/certificates", Map.of("purpose", purpose.toUpperCase(java.util.Locale.ROOT),
                    "csr", CertificationRequests.create(pair, username)));
            Files.writeString(dir.resolve(purpose + "-key.pem"), Pem.write(pair.getPrivate()));
            Files.writeString(dir.resolve(purpose + "-cert.pem"), cert.get("certificateChain").asText());
            if (username.startsWith("bidder")) {
                // SM2 keys as well, for national-suite (国密) tenders: the bidder tool reads them as sm2-*.pem.
                KeyPair sm2 = KeyPairs.sm2();
                JsonNode sm2Cert = post(token, "/api/me/certificates", Map.of("purpose", purpose.toUpperCase(java.util.Locale.ROOT),
                        "csr", CertificationRequests.create(sm2, username)));
                Files.writeString(dir.resolve("sm2-" + purpose + "-key.pem"), Pem.write(sm2.getPrivate()));
                Files.writeString(dir.resolve("sm2-" + purpose + "-cert.pem"), sm2Cert.get("certificateChain").asText());
            }
        }
    }

    private String login(String username) throws Exception {
        return post(null, "/api/auth/login", Map.of("username", username, "password", PASSWORD)).get("token").asText();
    }

    private long org(String token, String code, String name, String kind) throws Exception {
        return id(post(token, "/api/organisations", Map.of("creditCode", code, "name", name, "kind", kind, "region", "阳光市")));
    }

    private void user(String token, String username, String role, long org, String display) throws Exception {
        post(token, "/api/accounts", Map.of("username", username, "password", PASSWORD, "role", role,
                "organisationId", org, "displayName", display));
    }

    private static long id(JsonNode node) {
        return node.get("id").asLong();
    }

    private JsonNode post(String token, String path, Object body) throws Exception {
        return send(token, "POST", path, body);
    }

    private JsonNode send(String token, String method, String path, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return json.readTree(r.body());
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
