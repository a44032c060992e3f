package dev.pybridge.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The labels on a worker's pod, and the syntax Kubernetes asks of label keys, label values and pod
 * names. A value made from something of ours (a worker id, a host name) is made to fit rather than
 * refused: the API server would reject the pod otherwise.
 */
final class Labels {

    static final String APP = "app.kubernetes.io/name";
    static final String APP_VALUE = "pybridge-worker";
    static final String RUN_ID = "pybridge.dev/run-id";
    static final String RUN_HOST = "pybridge.dev/run-host";
    static final String WORKER_ID = "pybridge.dev/worker-id";

    private static final int MAX_NAME = 63;
    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private Labels() {}

    /** A label value for {@code text}: itself when it fits, otherwise its valid characters, cut with a hash that keeps values apart. */
    static String value(String text) {
        String cleaned = text.replaceAll("[^-A-Za-z0-9_.]", "-").replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
        if (cleaned.equals(text) && cleaned.length() <= MAX_NAME) {
            return cleaned;
        }
        String hash = hash(text);
        String head = cleaned.substring(0, Math.min(cleaned.length(), MAX_NAME - hash.length() - 1)).replaceAll("[^A-Za-z0-9]+$", "");
        return head.isEmpty() ? hash : head + "-" + hash;
    }

    /** A DNS label (lowercase letters, digits and '-') made from {@code text}, at most {@code length} long, never empty. */
    static String dnsLabel(String text, int length) {
        String cleaned = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        String cut = cleaned.substring(0, Math.min(cleaned.length(), length)).replaceAll("-+$", "");
        return cut.isEmpty() ? "worker" : cut;
    }

    /** Whether {@code key} is a label key: an optional DNS subdomain prefix and '/', then a name of at most 63 characters. */
    static boolean isKey(String key) {
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        String prefix = slash < 0 ? "" : key.substring(0, slash);
        return isName(name) && (slash < 0 || prefix.length() <= 253 && DNS_SUBDOMAIN.matcher(prefix).matches());
    }

    /** Whether {@code value} is a label value: empty, or a name of at most 63 characters. */
    static boolean isValue(String value) {
        return value.isEmpty() || isName(value);
    }

    /** Whether {@code name} is a DNS subdomain, as the names of service accounts and secrets are. */
    static boolean isDnsSubdomain(String name) {
        return name.length() <= 253 && DNS_SUBDOMAIN.matcher(name).matches();
    }

    private static boolean isName(String name) {
        return name.length() <= MAX_NAME && NAME.matcher(name).matches();
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
