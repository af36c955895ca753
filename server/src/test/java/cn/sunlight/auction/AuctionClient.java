package cn.sunlight.auction;

import cn.sunlight.support.Api.Party;
import cn.sunlight.support.Bids;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A bidder's or watcher's client over plain java.net.http (thread-safe, so many can run at once). */
public final class AuctionClient {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    private AuctionClient() {
    }

    public record Reply(int status, String body) {
    }

    /** Signs the statement for this round and price (lot 1) and posts it. */
    public static Reply bid(int port, Party bidder, long tenderId, String tenderCode, long auctionId, int round, String price) throws Exception {
        return bid(port, bidder, tenderId, tenderCode, 1, auctionId, round, price);
    }

    /** Signs the statement (naming the bidder's own organisation code) for this lot, round and price and posts it. */
    public static Reply bid(int port, Party bidder, long tenderId, String tenderCode, int lot, long auctionId, int round, String price)
            throws Exception {
        String signature = Bids.sign(bidder, statement(bidder, tenderCode, lot, auctionId, round, price));
        return post(port, bidder.token(), "/api/tenders/" + tenderId + "/auction/bids?lot=" + lot,
                "{\"price\":\"" + price + "\",\"round\":" + round + ",\"signature\":\"" + signature + "\"}");
    }

    public static String statement(Party bidder, String tenderCode, int lot, long auctionId, int round, String price) {
        return AuctionStatement.text(tenderCode, lot, auctionId, organisationCode(bidder), round, new BigDecimal(price));
    }

    /** The bidder's unified social credit code, as its certificate names it. */
    public static String organisationCode(Party bidder) {
        return cn.sunlight.auction.verify.AuctionReplay.organisationCodeOf(bidder.signingCertificate());
    }

    public static Reply post(int port, String token, String path, String json) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    public static Reply get(int port, String token, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    /** Connects to the live channel with the bearer token on the upgrade; every whole text message goes to {@code sink}. */
    public static WebSocket watch(HttpClient client, int port, String token, long tenderId, Consumer<String> sink) throws Exception {
        return watch(client, port, token, tenderId, 1, sink);
    }

    public static WebSocket watch(HttpClient client, int port, String token, long tenderId, int lot, Consumer<String> sink) throws Exception {
        var b = client.newWebSocketBuilder();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.buildAsync(URI.create("ws://localhost:" + port + "/ws/tenders/" + tenderId + "/auction?lot=" + lot), new WebSocket.Listener() {
            StringBuilder part = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                part.append(data);
                if (last) {
                    sink.accept(part.toString());
                    part = new StringBuilder();
                }
                w.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
    }

    public static List<String> collector() {
        return new CopyOnWriteArrayList<>();
    }
}
