package dev.pybridge.core.internal.worker;

import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.api.error.ProtocolException;
import dev.pybridge.core.internal.protocol.Reply;
import dev.pybridge.core.status.ReadyInfo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadyFramesTest {

    @Test
    void somethingElseThanAReadyFrameIsAProtocolError() {
        ProtocolException error = assertThrows(ProtocolException.class,
                () -> ReadyFrames.parse("w-1", new Reply.Success(OptionalLong.of(3), Map.of())));
        assertTrue(error.getMessage().contains("did not begin with a ready frame"), error.getMessage());
    }

    @Test
    void aWorkerOfThisProtocolIsReady() {
        ReadyInfo info = ReadyFrames.parse("w-1", ready(ReadyInfo.PROTOCOL_VERSION));
        assertEquals(2, info.protocol());
        assertEquals(List.of("echo"), info.commands());
    }

    @Test
    void aWorkerOfAnotherProtocolIsRefusedNamingBothVersions() {
        ReadyInfo info = ReadyFrames.parse("w-1", ready(1));
        assertTrue(ReadyFrames.otherVersion("w-1", ReadyFrames.parse("w-1", ready(2))).isEmpty());
        BridgeConfigurationException error = ReadyFrames.otherVersion("w-1", info).orElseThrow();
        assertTrue(error.getMessage().contains("worker w-1 speaks protocol 1 but this bridge speaks 2"), error.getMessage());
    }

    private static Reply ready(long protocol) {
        return new Reply.Success(OptionalLong.of(0), Map.of("ready", true, "pid", 42L, "python", "3.11.7", "protocol", protocol,
                "threads", 1L, "commands", List.of("echo")));
    }
}
