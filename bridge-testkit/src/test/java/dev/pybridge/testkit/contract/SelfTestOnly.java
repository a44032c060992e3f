package dev.pybridge.testkit.contract;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the broken subjects of {@link ContractSelfTest} only inside it (where its engine run sets
 * {@value #PARAMETER}): a build that selects every class of the package skips them instead of
 * failing on what they are meant to fail.
 */
final class SelfTestOnly implements ExecutionCondition {

    static final String PARAMETER = "pybridge.contract.self-test";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return context.getConfigurationParameter(PARAMETER).filter("true"::equals).isPresent()
                ? ConditionEvaluationResult.enabled("run by ContractSelfTest")
                : ConditionEvaluationResult.disabled("a broken subject, run only by ContractSelfTest");
    }
}
