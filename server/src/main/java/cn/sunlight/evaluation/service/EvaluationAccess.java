package cn.sunlight.evaluation.service;

import cn.sunlight.common.CanonicalJson;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.RequestActor;
import cn.sunlight.common.Role;
import cn.sunlight.common.Text;
import cn.sunlight.entrustment.service.HostPolicy;
import cn.sunlight.evaluation.CommitteeMember;
import cn.sunlight.evaluation.Criterion;
import cn.sunlight.evaluation.EvaluationCommittee;
import cn.sunlight.opening.OpenedBid;
import cn.sunlight.tender.Tender;
import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Who may do what in the evaluation, and what every part of it reads: the committee of a tender, the bids under
 * evaluation and the criteria. The evaluation is confidential while it runs (招标投标法 Art. 38, 44).
 */
@ApplicationScoped
public class EvaluationAccess {

    private final RequestActor actor;
    private final HostPolicy hostPolicy;

    public EvaluationAccess(RequestActor actor, HostPolicy hostPolicy) {
        this.actor = actor;
        this.hostPolicy = hostPolicy;
    }

    public EvaluationCommittee committee(long tenderId) {
        return EvaluationCommittee.of(tenderId).orElseThrow(() -> ProblemException.notFound("evaluation committee of tender", tenderId));
    }

    /** The committee may be drawn or changed by the trading centre or the tender's host. */
    void requireRunner(Tender t) {
        if (!hostPolicy.runs(t)) {
            throw ProblemException.forbidden(Text.of("只有交易中心或该项目的招标人（代理机构）可以抽取或更换评标专家",
                    "only the trading centre or the tender's host may draw or replace experts"));
        }
    }

    /** The caller's user id, if it sits on the tender's committee. */
    long requireMember(Tender t) {
        if (!actor.is(Role.EXPERT) || CommitteeMember.active(t.id, actor.userId()).isEmpty()) {
            throw ProblemException.forbidden(Text.of("只有本项目评标委员会的在任成员可以评审",
                    "only a sitting member of this tender's committee may evaluate"));
        }
        return actor.userId();
    }

    /** Members, host, operator and supervisors ({@link HostPolicy#oversees}). */
    void requireReader(Tender t) {
        boolean ok = hostPolicy.oversees(t) || (actor.is(Role.EXPERT) && CommitteeMember.active(t.id, actor.userId()).isPresent());
        if (!ok) {
            throw ProblemException.forbidden(Text.of("评标过程保密，仅评标委员会成员、招标人、交易中心和监督人员可以查看",
                    "the evaluation is confidential to the committee, the host, the trading centre and supervisors"));
        }
    }

    /** The decrypted bids the committee evaluates (a bid that failed decryption is out: revoked or withdrawn). */
    static List<OpenedBid> evaluated(long tenderId) {
        return OpenedBid.ofTender(tenderId).stream().filter(o -> o.status == OpenedBid.Status.DECRYPTED).toList();
    }

    static OpenedBid evaluatedBid(Tender t, long bidId) {
        return OpenedBid.<OpenedBid>findByIdOptional(bidId)
                .filter(o -> o.tenderId.equals(t.id) && o.status == OpenedBid.Status.DECRYPTED)
                .orElseThrow(() -> ProblemException.notFound("decrypted bid", bidId));
    }

    /** The weighted criteria the host set, in their order (empty under the lowest evaluated price). */
    public static List<Criterion> criteria(EvaluationCommittee c) {
        if (c.criteria == null) {
            return List.of();
        }
        List<Map<String, Object>> raw = readJson(c.criteria, new TypeReference<>() {
        });
        return raw.stream().map(m -> new Criterion((String) m.get("name"), new BigDecimal((String) m.get("weight")))).toList();
    }

    static <T> T readJson(String json, TypeReference<T> type) {
        try {
            return CanonicalJson.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
