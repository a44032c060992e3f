package dev.pybridge.kubernetes;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PodDiagnosisTest {

    @Test
    void namesThePhaseTheSchedulersReasonAndTheLatestEvent() {
        Pod pod = new PodBuilder().withNewStatus().withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False")
                .withReason("Unschedulable").endCondition().endStatus().build();
        List<Event> events = List.of(event("Scheduled", "2026-11-29T08:00:02Z"), event("FailedScheduling", "2026-11-29T08:00:09Z"),
                event("Pulling", "2026-11-29T08:00:05Z"));
        assertEquals("phase Pending; not scheduled: Unschedulable; last event FailedScheduling: FailedScheduling happened",
                PodDiagnosis.of(pod, events));
    }

    @Test
    void aPodWithoutStatusIsInAnUnknownPhase() {
        assertEquals("phase unknown", PodDiagnosis.of(new Pod(), List.of()));
    }

    private static Event event(String reason, String time) {
        return new EventBuilder().withReason(reason).withMessage(reason + " happened").withLastTimestamp(time).build();
    }
}
