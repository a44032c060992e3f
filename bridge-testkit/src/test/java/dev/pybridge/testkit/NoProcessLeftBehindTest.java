package dev.pybridge.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

class NoProcessLeftBehindTest {

    @Test
    void failsATestThatLeavesAProcessAndKillsIt() {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(LeavesAProcess.class)).execute().testEvents();
        assertEquals(1, tests.failed().count());
        Throwable failure = tests.failed().list().get(0).getPayload(TestExecutionResult.class)
                .orElseThrow().getThrowable().orElseThrow();
        assertTrue(failure.getMessage().startsWith("the test left 1 process(es) running (now killed):"), failure.getMessage());
        assertTrue(failure.getMessage().contains("sleep 300"), failure.getMessage());
        assertTrue(ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive), "the leaked process was killed");
    }

    @Test
    void passesATestThatStopsWhatItStarts() {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(StopsItsProcess.class)).execute().testEvents();
        assertEquals(1, tests.succeeded().count());
    }

    @ExtendWith(NoProcessLeftBehind.class)
    static class LeavesAProcess {
        @Test
        void startsAndForgets() throws Exception {
            new ProcessBuilder("sleep", "300").start();
        }
    }

    @ExtendWith(NoProcessLeftBehind.class)
    static class StopsItsProcess {
        @Test
        void startsAndStops() throws Exception {
            Process sleeper = new ProcessBuilder("sleep", "300").start();
            sleeper.destroyForcibly();
            assertTrue(sleeper.waitFor(10, TimeUnit.SECONDS));
        }
    }
}
