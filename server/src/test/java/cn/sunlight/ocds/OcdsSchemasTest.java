package cn.sunlight.ocds;

import cn.sunlight.support.OcdsSchemas;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The validator really validates: the official schemas with the extensions accept a good release and refuse bad ones. */
class OcdsSchemasTest {

    static final String GOOD = """
            {"ocid":"ocds-sunlit-T1","id":"ocds-sunlit-T1-1","date":"2026-03-01T00:00:00Z","tag":["tender"],"initiationType":"tender",
             "tender":{"id":"T1","lots":[{"id":"1","title":"第一标段","value":{"amount":100.5,"currency":"CNY"}}],
                       "submissionTerms":{"electronicSubmissionPolicy":"required","depositsGuarantees":"投标保证金"}},
             "bids":{"statistics":[{"id":"s1","measure":"bids","value":3,"relatedLot":"1"}],
                     "details":[{"id":"bid-1","status":"pending","tenderers":[{"id":"CN-USCC-1","name":"x"}]}]},
             "parties":[{"id":"CN-USCC-1","name":"x","identifier":{"scheme":"CN-USCC","id":"1"},"roles":["tenderer"]}]}""";

    @Test
    void officialSchemaWithExtensionsAcceptsAGoodReleaseAndRefusesBadOnes() {
        OcdsSchemas s = OcdsSchemas.get();
        assertEquals(Set.of(), s.release(OcdsSchemas.parse(GOOD)));
        // a tag outside the closed codelist, a date that is not a date, a lot without id, a bid status not in the extension
        assertFalse(s.release(OcdsSchemas.parse(GOOD.replace("[\"tender\"]", "[\"opening\"]"))).isEmpty());
        assertFalse(s.release(OcdsSchemas.parse(GOOD.replace("2026-03-01T00:00:00Z", "yesterday"))).isEmpty());
        assertFalse(s.release(OcdsSchemas.parse(GOOD.replace("{\"id\":\"1\",\"title\"", "{\"title\""))).isEmpty());
        assertFalse(s.release(OcdsSchemas.parse(GOOD.replace("\"pending\"", "\"opened\""))).isEmpty());
        assertFalse(s.release(OcdsSchemas.parse(GOOD.replace("\"required\"", "\"mandatory\""))).isEmpty(),
                "the submission terms extension is applied");
        assertFalse(s.release(OcdsSchemas.parse(GOOD.replace("\"ocid\":\"ocds-sunlit-T1\",", ""))).isEmpty());
    }
}
