package cn.sunlight.account;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class CreditCodeTest {

    @Test
    void acceptsPublishedExample() {
        // The example code printed in GB 32100-2015 explanations.
        assertTrue(CreditCode.isValid("91350100M000100Y43"));
    }

    @Test
    void namesTheExpectedCheckCharacter() {
        var problem = CreditCode.problem("91350100M000100Y44").orElseThrow();
        assertTrue(problem.zh().contains("'3'"), problem.zh());
        assertTrue(problem.en().contains("should be '3'"), problem.en());
    }

    @Test
    void rejectsForbiddenLettersLengthAndDivision() {
        assertTrue(CreditCode.problem("91350100M000100I43").orElseThrow().en().contains("alphabet"));
        assertTrue(CreditCode.problem("9135010").orElseThrow().en().contains("18"));
        assertTrue(CreditCode.problem("913A0100M000100Y43").orElseThrow().en().contains("division"));
        assertFalse(CreditCode.isValid(null));
    }
}
