package cn.sunlight.audit.rest;

import cn.sunlight.audit.service.LogReaders;
import cn.sunlight.audit.service.TransparencyLog;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.Text;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Public verification API of the audit log: anyone may check the platform's history without trusting
 * it, using the log's and the witness's public keys and any RFC 9162 implementation. Every leaf hash is
 * public at once; the clear entry of an event that could identify a bidder is withheld from everyone but
 * supervisors until the tender's opening ({@link cn.sunlight.audit.Disclosure}), then anyone can check it
 * against the leaf hash published earlier.
 */
@Path("/api/log")
@Tag(name = "Audit log", description = "RFC 9162 transparency log: checkpoints, entries and proofs (hashes in base64)")
@PermitAll
public class LogResource {

    private static final int MAX_ENTRIES = 1000;
    private final TransparencyLog log;
    private final LogReaders readers;

    public LogResource(TransparencyLog log, LogReaders readers) {
        this.log = log;
        this.readers = readers;
    }

    public record Keys(String origin, String logVerifierKey, String witnessVerifierKey, String hash, String leafPrefix,
                       String nodePrefix, String checkpointFormat) {
    }

    /** {@code entry} is null and {@code withheld} says why when the entry is not public yet. */
    public record LeafView(long index, long eventId, String entry, String leafHash, String withheld) {
        static LeafView of(TransparencyLog.Leaf l) {
            return new LeafView(l.index(), l.eventId(), l.entry(), b64(l.leafHash()), l.entry() == null ? LogReaders.WITHHELD_KIND : null);
        }
    }

    public record CheckpointView(long size, String root, Instant issuedAt, String reason, String note) {
    }

    public record InclusionProof(long index, long size, String leafHash, String root, List<String> proof) {
    }

    public record ConsistencyProof(long size1, long size2, String root1, String root2, List<String> proof) {
    }

    @GET
    @Path("/keys")
    @Operation(summary = "The log's and the witness's public keys (C2SP verifier-key strings)")
    @APIResponse(responseCode = "200", description = "Keys")
    public Keys keys() {
        return new Keys(log.origin(), log.logKey().toString(), log.witnessKey().toString(), "SHA-256", "0x00", "0x01",
                "C2SP tlog-checkpoint signed note (Ed25519) with tlog-cosignature/v1 witness signature");
    }

    @GET
    @Path("/checkpoint")
    @Produces(MediaType.TEXT_PLAIN + ";charset=UTF-8")
    @Operation(summary = "The latest checkpoint as a signed note, cosigned by the witness")
    @APIResponse(responseCode = "200", description = "Signed note")
    @APIResponse(responseCode = "404", description = "No checkpoint yet")
    public String checkpoint() {
        return log.latestCosignedNote().orElseThrow(() -> ProblemException.notFound("checkpoint", "latest"));
    }

    @GET
    @Path("/checkpoints")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The checkpoints issued, oldest first, each with its cosigned note, one page at a time")
    @APIResponse(responseCode = "200", description = "Checkpoints (a JSON array; paging in the Link and X-Next-Cursor headers)",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/json",
                    schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(
                            type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY, implementation = CheckpointView.class)))
    @APIResponse(responseCode = "400", description = "limit or cursor refused (problem+json naming it)")
    public jakarta.ws.rs.core.Response checkpoints(@jakarta.ws.rs.BeanParam cn.sunlight.common.page.PageParams page,
                                                   @jakarta.ws.rs.core.Context jakarta.ws.rs.core.UriInfo uri) {
        return cn.sunlight.common.page.PagedResponse.of(log.checkpoints(page.request()).map(c -> new CheckpointView(c.size(),
                b64(c.root()), c.issuedAt(), c.reason(), log.cosignedNote(c.size()).orElse(c.note()))), uri);
    }

    @GET
    @Path("/entries")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Log entries in [start, end), at most 1000 per call; an entry that could identify a bidder "
            + "shows only its leaf hash until the tender's opening (supervisors see it at once)")
    @APIResponse(responseCode = "200", description = "Entries")
    public List<LeafView> entries(@QueryParam("start") @DefaultValue("0") long start, @QueryParam("end") Long end) {
        long to = end == null ? start + MAX_ENTRIES : end;
        if (start < 0 || to < start || to - start > MAX_ENTRIES) {
            throw new ProblemException(400, "bad-log-range", Text.of("范围无效（每次最多 1000 条）", "invalid range (at most 1000 entries per call)"));
        }
        return readers.leaves(start, to).stream().map(LeafView::of).toList();
    }

    @GET
    @Path("/leaves/{index}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One leaf by index")
    @APIResponse(responseCode = "200", description = "The leaf")
    @APIResponse(responseCode = "404", description = "Not sequenced yet")
    public LeafView leaf(@PathParam("index") long index) {
        return readers.leaves(index, index + 1).stream().findFirst().map(LeafView::of)
                .orElseThrow(() -> ProblemException.notFound("leaf", index));
    }

    @GET
    @Path("/proofs/inclusion")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "RFC 9162 inclusion proof of leaf `index` in the tree of `size`")
    @APIResponse(responseCode = "200", description = "Proof")
    @APIResponse(responseCode = "400", description = "Index or size out of range")
    public InclusionProof inclusion(@QueryParam("index") long index, @QueryParam("size") long size) {
        var proof = log.inclusionProof(index, size);
        var leaf = log.leaves(index, index + 1).getFirst();
        return new InclusionProof(index, size, b64(leaf.leafHash()), b64(log.root(size)), proof.stream().map(LogResource::b64).toList());
    }

    @GET
    @Path("/proofs/consistency")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "RFC 9162 consistency proof between the trees of size1 and size2")
    @APIResponse(responseCode = "200", description = "Proof")
    @APIResponse(responseCode = "400", description = "Sizes out of range")
    public ConsistencyProof consistency(@QueryParam("size1") long size1, @QueryParam("size2") long size2) {
        var proof = log.consistencyProof(size1, size2);
        return new ConsistencyProof(size1, size2, b64(log.root(size1)), b64(log.root(size2)),
                proof.stream().map(LogResource::b64).toList());
    }

    public record EventProof(long eventId, InclusionProof inclusion, String checkpoint) {
    }

    @GET
    @Path("/events/{eventId}/proof")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Upgrade a receipt: the inclusion proof of an audit event in the first checkpoint that covers it")
    @APIResponse(responseCode = "200", description = "Proof and the cosigned checkpoint it verifies against")
    @APIResponse(responseCode = "404", description = "Not yet sequenced or not yet covered by a checkpoint; retry in a few seconds")
    public EventProof eventProof(@PathParam("eventId") long eventId) {
        long index = log.leafIndexOfEvent(eventId).orElseThrow(() -> ProblemException.notFound("sequenced event", eventId));
        var checkpoint = log.firstCheckpointCovering(index).orElseThrow(() -> ProblemException.notFound("checkpoint covering event", eventId));
        return new EventProof(eventId, inclusion(index, checkpoint.size()), log.cosignedNote(checkpoint.size()).orElseThrow());
    }

    @GET
    @Path("/export")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The whole log for offline verification: keys, every entry and every cosigned checkpoint; "
            + "withheld entries as their leaf hash only, except for supervisors")
    @APIResponse(responseCode = "200", description = "Export (input of the offline verifier)")
    public jakarta.ws.rs.core.StreamingOutput export() {
        boolean full = readers.full();
        if (full) {
            readers.recordFullRead("export");
        }
        return out -> LogExport.write(log, out, full);
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
