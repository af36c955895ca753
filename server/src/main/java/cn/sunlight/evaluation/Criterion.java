package cn.sunlight.evaluation;

import java.math.BigDecimal;

/** A weighted scoring criterion of comprehensive scoring (综合评估法): the weights of a tender add up to 100. */
public record Criterion(String name, BigDecimal weight) {
}
