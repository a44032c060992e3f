package dev.pybridge.testkit.jqwik;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** Answers a request with the planned bytes, in the planned pieces, and exits with status 1. */
final class GarbageThenExit implements FakeWorker.Behaviour {

    private volatile byte[] garbage = new byte[0];
    private volatile StreamSplit split = new StreamSplit(List.of(1));

    void plan(byte[] bytes, StreamSplit pieces) {
        split = pieces;
        garbage = bytes.clone();
    }

    @Override
    public void onRequest(FakeWorker worker, long id, JsonNode args) {
        worker.emit(split.chunks(garbage));
        worker.exit(1);
    }
}
