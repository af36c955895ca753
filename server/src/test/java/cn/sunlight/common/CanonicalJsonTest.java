package cn.sunlight.common;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One canonical JSON: a value and the same value as a tree give the same text, decimals in the rule-set form. */
class CanonicalJsonTest {

    record Line(BigDecimal price, String bidder, Instant at) {
    }

    @Test
    void decimalsArePlainWithoutTrailingZerosInValuesAndTrees() throws Exception {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("z", new BigDecimal("800000.00"));
        state.put("a", List.of(new BigDecimal("1E+3"), new BigDecimal("0.00"), new BigDecimal("66.670")));
        state.put("m", new Line(new BigDecimal("12.50"), "甲公司", Instant.parse("2026-12-07T01:02:03Z")));
        String expected = "{\"a\":[1000,0,66.67],\"m\":{\"at\":\"2026-12-07T01:02:03Z\",\"bidder\":\"甲公司\",\"price\":12.5},\"z\":800000}";
        assertEquals(expected, CanonicalJson.write(state));
        assertEquals(expected, CanonicalJson.write(CanonicalJson.readExact(
                "{\"z\":800000.00,\"m\":{\"price\":12.50,\"bidder\":\"甲公司\",\"at\":\"2026-12-07T01:02:03Z\"},\"a\":[1E+3,0.00,66.670]}")));
    }
}
