package dev.pybridge.testkit.jqwik;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Answers a batch of requests once all of them have come: request {@code echo(i)} gets the planned
 * reply {@code i}, all replies go back as one byte stream, and the stream goes in the planned pieces.
 */
final class BatchedReplies implements FakeWorker.Behaviour {

    private record Plan(List<WireReply> replies, StreamSplit split, boolean reversed) {}

    private record Received(int index, long id) {}

    private final List<Received> received = new ArrayList<>();
    private Plan plan;

    /** The replies for the next batch: as many requests as replies, answered in request order or reversed. */
    synchronized void plan(List<WireReply> replies, StreamSplit split, boolean reversed) {
        plan = new Plan(List.copyOf(replies), split, reversed);
        received.clear();
    }

    @Override
    public synchronized void onRequest(FakeWorker worker, long id, JsonNode args) {
        received.add(new Received(args.get("value").asInt(), id));
        if (received.size() < plan.replies().size()) {
            return;
        }
        List<Received> order = new ArrayList<>(received);
        if (plan.reversed()) {
            Collections.reverse(order);
        }
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        order.forEach(request -> stream.writeBytes(plan.replies().get(request.index()).frame(request.id())));
        received.clear();
        worker.emit(plan.split().chunks(stream.toByteArray()));
    }
}
