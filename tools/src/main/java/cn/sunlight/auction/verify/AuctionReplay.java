package cn.sunlight.auction.verify;

import cn.sunlight.auction.AuctionBook;
import cn.sunlight.auction.AuctionStatement;
import cn.sunlight.bid.BidStatement;
import cn.sunlight.crypto.Pem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Offline replay of an auction export ({@code GET /api/tenders/{id}/auction/export}). It trusts neither the
 * platform's ranking nor its end time: it checks every bid's statement and signature (and, with {@code --ca},
 * that each signing certificate was issued by the platform CA), then feeds the bids in sequence, at their
 * recorded server times, to the same rule engine the platform runs ({@link AuctionBook}). Any bid the rules
 * would have refused, or a result that differs from the declared one, fails the replay.
 *
 * <pre>java -jar sunlight-tools.jar replay-auction auction.json [--ca ca.pem]</pre>
 * Exit code 0: replay reproduces the result; 1: it does not (the first bad sequence is named); 2: usage or unreadable input.
 */
public final class AuctionReplay {

    public record Line(int rank, String alias, String price) {
    }

    public record Result(boolean ok, String message, List<Line> ranking, Instant endsAt, int extensions) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Same as {@code sunlight-tools replay-auction ...} ({@link ReplayAuctionCommand}). */
    public static void main(String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = "replay-auction";
        System.arraycopy(args, 0, all, 1, args.length);
        System.exit(cn.sunlight.tools.SunlightTools.run(all, System.out, System.err, System.getenv()));
    }

    public static Result replay(InputStream export, X509Certificate ca, PrintStream out) throws IOException {
        JsonNode root = JSON.readTree(export);
        String tenderCode = root.path("tenderCode").asText();
        long auctionId = root.path("auctionId").asLong();
        int lot = root.path("lot").asInt(1);
        int rounds = "ROUNDS".equals(root.path("mode").asText("CONTINUOUS")) ? root.path("rounds").asInt() : 0;
        AuctionBook book = new AuctionBook(new BigDecimal(root.path("startPrice").asText()), new BigDecimal(root.path("minDecrement").asText()),
                Instant.parse(root.path("startsAt").asText()), Instant.parse(root.path("scheduledEnd").asText()),
                Duration.ofSeconds(root.path("extensionWindowSeconds").asLong()), Duration.ofSeconds(root.path("extensionSeconds").asLong()),
                root.path("maxExtensions").asInt(), rounds);
        long expected = 1;
        Instant previous = Instant.MIN;
        for (JsonNode b : root.path("bids")) {
            long seq = b.path("sequence").asLong();
            String where = "sequence " + seq + ": ";
            if (seq != expected) {
                return fail(where + "expected sequence " + expected + " (a bid is missing or out of order)", book);
            }
            BigDecimal price = new BigDecimal(b.path("price").asText());
            int round = b.path("round").asInt();
            Instant at = Instant.parse(b.path("acceptedAt").asText());
            if (at.isBefore(previous)) {
                return fail(where + "accepted before the previous bid", book);
            }
            String organisationCode = b.path("organisationCode").asText();
            String statement = AuctionStatement.text(tenderCode, lot, auctionId, organisationCode, round, price);
            if (!statement.equals(b.path("statement").asText())) {
                return fail(where + "the signed statement does not match the bid", book);
            }
            X509Certificate cert;
            try {
                cert = Pem.readCertificate(b.path("certificatePem").asText());
                if (ca != null) {
                    cert.verify(ca.getPublicKey());
                }
            } catch (Exception e) {
                return fail(where + "signing certificate not valid" + (ca != null ? " under the given CA" : "") + ": " + e.getMessage(), book);
            }
            if (!organisationCode.equals(organisationCodeOf(cert))) {
                return fail(where + "the statement names organisation " + organisationCode + " but the certificate was issued to "
                        + organisationCodeOf(cert), book);
            }
            if (!BidStatement.verify(statement, Base64.getDecoder().decode(b.path("signature").asText()), cert.getPublicKey())) {
                return fail(where + "signature does not verify", book);
            }
            AuctionBook.Outcome o;
            try {
                o = book.submit(b.path("alias").asText(), price, at);
            } catch (AuctionBook.Refusal r) {
                return fail(where + "the rules refuse this bid: " + r.reason.en(), book);
            }
            if (o.round() != round) {
                return fail(where + "round " + round + " but the bidder's " + o.round() + "th quote", book);
            }
            previous = at;
            expected++;
        }
        List<Line> ranking = lines(book);
        JsonNode declared = root.path("result");
        List<Line> declaredRanking = new ArrayList<>();
        for (JsonNode r : declared.path("ranking")) {
            declaredRanking.add(new Line(r.path("rank").asInt(), r.path("alias").asText(), r.path("price").asText()));
        }
        Instant declaredEnd = Instant.parse(declared.path("endsAt").asText());
        if (out != null) {
            ranking.forEach(l -> out.println(l.rank() + "\t" + l.alias() + "\t" + l.price()));
            out.println("ends at " + book.endsAt() + " after " + book.extensions() + " extension(s)");
        }
        if (!ranking.equals(declaredRanking)) {
            return new Result(false, "the replayed ranking differs from the declared one", ranking, book.endsAt(), book.extensions());
        }
        if (!book.endsAt().equals(declaredEnd) || book.extensions() != declared.path("extensions").asInt()) {
            return new Result(false, "the replayed end " + book.endsAt() + " differs from the declared " + declaredEnd, ranking,
                    book.endsAt(), book.extensions());
        }
        return new Result(true, (expected - 1) + " signed bids of lot " + lot + " (" + (rounds > 0 ? rounds + " rounds" : "continuous")
                + ") replayed; ranking and end time " + book.endsAt() + " reproduced",
                ranking, book.endsAt(), book.extensions());
    }

    /** The unified social credit code in the certificate's organizationIdentifier (2.5.4.97, "NTRCN-" + code). */
    public static String organisationCodeOf(X509Certificate cert) {
        var name = org.bouncycastle.asn1.x500.X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        for (var rdn : name.getRDNs(org.bouncycastle.asn1.x500.style.BCStyle.ORGANIZATION_IDENTIFIER)) {
            String v = org.bouncycastle.asn1.x500.style.IETFUtils.valueToString(rdn.getFirst().getValue());
            return v.startsWith("NTRCN-") ? v.substring(6) : v;
        }
        return null;
    }

    private static List<Line> lines(AuctionBook book) {
        List<Line> r = new ArrayList<>();
        int rank = 1;
        for (AuctionBook.Standing s : book.ranking()) {
            r.add(new Line(rank++, s.alias(), AuctionStatement.canonical(s.price())));
        }
        return r;
    }

    private static Result fail(String message, AuctionBook book) {
        return new Result(false, message, lines(book), book.endsAt(), book.extensions());
    }
}
