package dev.pybridge.kubernetes;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;

import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/** fabric8's mock API server in CRUD mode (it stores and serves what it is sent, watches included), taking expectations too. */
final class MockApiServer {

    private MockApiServer() {}

    static KubernetesMockServer crud() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        return new KubernetesMockServer(new Context(), new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
    }
}
