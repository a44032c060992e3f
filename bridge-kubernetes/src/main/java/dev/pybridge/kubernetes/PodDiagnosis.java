package dev.pybridge.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Says why a pod is not running, from what Kubernetes tells of it: its phase, its container's
 * waiting or terminated reason ({@code ImagePullBackOff}, {@code ErrImagePull}), the scheduler's
 * condition ({@code Unschedulable}) and its latest event.
 */
final class PodDiagnosis {

    private PodDiagnosis() {}

    static String of(Pod pod, List<Event> events) {
        PodStatus status = Optional.ofNullable(pod.getStatus()).orElseGet(PodStatus::new);
        List<String> parts = new ArrayList<>();
        parts.add("phase " + Optional.ofNullable(status.getPhase()).orElse("unknown"));
        containerState(status).ifPresent(parts::add);
        unscheduled(status).ifPresent(parts::add);
        latest(events).ifPresent(event -> parts.add("last event " + event.getReason() + ": " + event.getMessage()));
        return String.join("; ", parts);
    }

    static boolean running(Pod pod) {
        return pod != null && pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase());
    }

    static boolean ended(Pod pod) {
        String phase = pod == null || pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase) || terminated(pod).isPresent();
    }

    /** The worker container's exit code, once it has ended. */
    static Optional<Integer> exitCode(Pod pod) {
        return terminated(pod).map(ContainerStatus::getState).map(state -> state.getTerminated().getExitCode()).filter(Objects::nonNull);
    }

    private static Optional<ContainerStatus> terminated(Pod pod) {
        return pod == null || pod.getStatus() == null ? Optional.empty() : containers(pod.getStatus())
                .filter(container -> container.getState() != null && container.getState().getTerminated() != null).findFirst();
    }

    private static Optional<String> containerState(PodStatus status) {
        return containers(status).map(ContainerStatus::getState).filter(Objects::nonNull).map(PodDiagnosis::describe)
                .flatMap(Optional::stream).findFirst();
    }

    private static Optional<String> describe(ContainerState state) {
        if (state.getWaiting() != null && state.getWaiting().getReason() != null) {
            return Optional.of("container waiting: " + state.getWaiting().getReason() + detail(state.getWaiting().getMessage()));
        }
        if (state.getTerminated() != null) {
            return Optional.of("container terminated: " + state.getTerminated().getReason() + ", exit code " + state.getTerminated().getExitCode()
                    + detail(state.getTerminated().getMessage()));
        }
        return Optional.empty();
    }

    private static Optional<String> unscheduled(PodStatus status) {
        return Optional.ofNullable(status.getConditions()).orElse(List.of()).stream()
                .filter(condition -> "PodScheduled".equals(condition.getType()) && "False".equals(condition.getStatus()))
                .map(condition -> "not scheduled: " + condition.getReason() + detail(condition.getMessage()))
                .findFirst();
    }

    private static Optional<Event> latest(List<Event> events) {
        return events.stream().max(Comparator.comparing(PodDiagnosis::time));
    }

    private static String time(Event event) {
        return Stream.of(event.getLastTimestamp(), event.getEventTime() == null ? null : event.getEventTime().getTime(),
                event.getFirstTimestamp(), event.getMetadata() == null ? null : event.getMetadata().getCreationTimestamp())
                .filter(Objects::nonNull).findFirst().orElse("");
    }

    private static Stream<ContainerStatus> containers(PodStatus status) {
        return Optional.ofNullable(status.getContainerStatuses()).orElse(List.of()).stream();
    }

    private static String detail(String message) {
        return message == null || message.isBlank() ? "" : " (" + message.strip() + ")";
    }
}
