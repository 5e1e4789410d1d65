package org.salus.device.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.salus.core.command.InvalidInputException;
import org.salus.device.EnrolmentFailedException;
import org.salus.device.EnrolmentFailedException.Reason;

/** What the workstation makes of what an administrator types and of what the hub answers. */
class EnrolmentInputTest {

    @Test
    void aHubAddressGetsTheSchemeAndPortItLacks() {
        assertEquals(URI.create("http://hub.clinic.local:8180/"), EnrolmentService.hubUri("hub.clinic.local"));
        assertEquals(URI.create("http://10.0.0.5:9000/"), EnrolmentService.hubUri("10.0.0.5:9000"));
        assertEquals(URI.create("https://hub:8443/"), EnrolmentService.hubUri("https://hub:8443/enrol"));
        EnrolmentFailedException e = assertThrows(EnrolmentFailedException.class, () -> EnrolmentService.hubUri("ftp://hub"));
        assertEquals(Reason.INVALID_INPUT, e.reason());
    }

    @Test
    void brokerAddressesAreCheckedAndKeptInOrder() {
        assertEquals(List.of("tcp://lan:1883", "ssl://cloud.example:8883"),
                EnrolmentService.checkedBrokersInput(List.of(" tcp://lan:1883 ", "", "ssl://cloud.example:8883", "tcp://lan:1883")));
        InvalidInputException noPort = assertThrows(InvalidInputException.class, () -> EnrolmentService.checkedBrokersInput(List.of("tcp://lan")));
        assertEquals("hubUrls", noPort.field());
        assertThrows(InvalidInputException.class, () -> EnrolmentService.checkedBrokersInput(List.of("http://lan:1883")));
        assertThrows(InvalidInputException.class, () -> EnrolmentService.checkedBrokersInput(List.of(" ")));
    }

    @Test
    void theHubsRefusalsBecomeReasons() {
        URI hub = URI.create("http://hub:8180/");
        assertEquals(Reason.WRONG_CODE, HubClient.refusal(hub, 403, Map.of("error", "UNKNOWN_CODE")).reason());
        assertEquals(Reason.EXPIRED_CODE, HubClient.refusal(hub, 403, Map.of("error", "EXPIRED_CODE")).reason());
        assertEquals(Reason.TOO_MANY_ATTEMPTS, HubClient.refusal(hub, 429, Map.of("error", "TOO_MANY_ATTEMPTS")).reason());
        assertEquals(Reason.DEVICE_TAKEN, HubClient.refusal(hub, 409, Map.of("error", "ALREADY_ENROLLED")).reason());
        assertEquals(Reason.REQUEST_GONE, HubClient.refusal(hub, 404, Map.of("error", "UNKNOWN_REQUEST")).reason());
        EnrolmentFailedException other = HubClient.refusal(hub, 500, Map.of());
        assertEquals(Reason.HUB_UNREACHABLE, other.reason());
        assertTrue(other.getMessage().contains("500"), other.getMessage());
    }

    @Test
    void theHubsAnswersAreRead() {
        Map<String, String> m = FlatJson.parse("{\"requestId\":\"r1\", \"key\":\"a\\\"b\\u0041\", \"n\": 3}\n");
        assertEquals("r1", m.get("requestId"));
        assertEquals("a\"bA", m.get("key"));
        assertEquals("3", m.get("n"));
        assertThrows(IllegalArgumentException.class, () -> FlatJson.parse("<html>"));
        assertThrows(IllegalArgumentException.class, () -> FlatJson.parse("{\"a\":"));
    }

    @Test
    void aSecretFileIsTheOwnersOnly(@TempDir Path dir) throws Exception {
        OwnerOnlySecretFiles files = new OwnerOnlySecretFiles(dir.resolve("secrets"));
        assertFalse(files.secret("ws-1").isPresent());
        files.keep("ws-1", "s3cret".toCharArray());
        assertEquals("s3cret", new String(files.secret("ws-1").orElseThrow()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("secrets/ws-1.secret"))));
        assertThrows(IllegalArgumentException.class, () -> files.keep("../etc", "x".toCharArray()));
    }
}
