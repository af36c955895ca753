package cn.sunlight.evaluation;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.*;

/** The draw is a pure function of tender code, server random and candidate set: the supervisor's re-run relies on it. */
class CommitteeDrawTest {

    static final List<Long> CANDIDATES = LongStream.rangeClosed(1, 12).boxed().toList();

    @Test
    void sameInputsSameOrderWhateverTheCandidateListOrder() {
        String seed = CommitteeDraw.seed("SL-2026-GC-000001", "00ff".repeat(16));
        assertEquals(CommitteeDraw.seed("SL-2026-GC-000001", "00ff".repeat(16)), seed);
        List<Long> a = CommitteeDraw.order(seed, CANDIDATES);
        List<Long> b = CommitteeDraw.order(seed, CANDIDATES.reversed());
        assertEquals(a, b, "candidates are sorted before the shuffle");
        assertEquals(CANDIDATES, a.stream().sorted().toList(), "a permutation of the candidates");
        assertNotEquals(a, CommitteeDraw.order(CommitteeDraw.seed("SL-2026-GC-000001", "01ff".repeat(16)), CANDIDATES));
        assertNotEquals(seed, CommitteeDraw.seed("SL-2026-GC-000002", "00ff".repeat(16)), "the tender code is in the seed");
    }

    @Test
    void everyCandidateIsDrawnFirstAboutEquallyOften() {
        Map<Long, Integer> first = new HashMap<>();
        int runs = 12_000;
        for (int i = 0; i < runs; i++) {
            String seed = CommitteeDraw.seed("T", String.format("%064x", i));
            first.merge(CommitteeDraw.order(seed, CANDIDATES).getFirst(), 1, Integer::sum);
        }
        assertEquals(12, first.size());
        // expected 1000 each; 5 standard deviations (~ 5 × 30) is far beyond chance
        first.values().forEach(n -> assertTrue(Math.abs(n - 1000) < 160, "first-place count " + n));
    }
}
