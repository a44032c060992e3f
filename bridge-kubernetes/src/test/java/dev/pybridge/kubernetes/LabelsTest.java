package dev.pybridge.kubernetes;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelsTest {

    @Test
    void aValueThatFitsIsKept() {
        assertEquals("4242-lx0abc", Labels.value("4242-lx0abc"));
        assertEquals("worker-1", Labels.value("worker-1"));
    }

    @Test
    void aValueThatDoesNotFitIsMadeValidAndKeptApartFromOthersByAHash() {
        String host = Labels.value("build server #3.example.com.");
        assertTrue(Labels.isValue(host), host);
        assertTrue(host.startsWith("build-server--3.example.com-"), host);
        String long1 = Labels.value("h".repeat(70) + "1");
        String long2 = Labels.value("h".repeat(70) + "2");
        assertTrue(Labels.isValue(long1) && long1.length() <= 63, long1);
        assertNotEquals(long1, long2);
        assertTrue(Labels.isValue(Labels.value("---")));
        assertTrue(Labels.isValue(Labels.value("")));
    }

    @Test
    void podNamesAreDnsLabels() {
        assertEquals("w-1", Labels.dnsLabel("W_1", 40));
        assertEquals("worker", Labels.dnsLabel("%%", 40));
        assertEquals("abc", Labels.dnsLabel("abc-def", 4));
    }

    @Test
    void keysMayHaveADnsPrefix() {
        assertTrue(Labels.isKey("nvidia.com/gpu"));
        assertTrue(Labels.isKey("topology.kubernetes.io/zone"));
        assertTrue(Labels.isKey("gpu"));
        assertFalse(Labels.isKey("Not A Key"));
        assertFalse(Labels.isKey("UPPER.com/gpu"));
        assertFalse(Labels.isKey("/gpu"));
        assertFalse(Labels.isKey("x".repeat(64)));
    }
}
