package org.salus.hub.internal.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.salus.hub.device.DeviceIdentity;
import org.salus.hub.device.EnrolmentDesk.Status;
import org.salus.hub.device.EnrolmentDesk.Submitted;
import org.salus.hub.device.EnrolmentException;
import org.salus.hub.device.EnrolmentException.Reason;
import org.salus.hub.device.EnrolmentRequest.State;
import org.salus.hub.device.PairingCode;

class PairingDeskTest {

    /** A clock the test moves by hand. */
    static final class Hands extends Clock {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static PairingDesk.Config config() {
        return new PairingDesk.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return PairingDesk.Config.class;
            }

            @Override
            public int codeMinutes() {
                return 5;
            }

            @Override
            public int maxFailuresPerAddress() {
                return 5;
            }

            @Override
            public int maxFailuresTotal() {
                return 8;
            }

            @Override
            public int failureWindowMinutes() {
                return 15;
            }

            @Override
            public int requestHours() {
                return 24;
            }
        };
    }

    @TempDir
    Path dir;
    private final Hands clock = new Hands();
    private FileDeviceRegistry registry;
    private PairingDesk desk;

    @BeforeEach
    void open() {
        registry = new FileDeviceRegistry(clock, new SecureRandom());
        registry.configure(dir.resolve("devices.json"), 1000, dir.resolve("enrolment"));
        desk = new PairingDesk(registry, config(), clock, new SecureRandom());
    }

    @Test
    void aCodeLetsOneDeviceAskAndTheApprovedDeviceCollectsItsSecretOnceAndSignsInWithIt() {
        PairingCode code = desk.openPairing("A");
        assertTrue(code.code().matches("[" + PairingDesk.ALPHABET + "]{4}-[" + PairingDesk.ALPHABET + "]{4}"), code.code());
        assertEquals(clock.now.plus(Duration.ofMinutes(5)), code.expiresAt());

        // typed in lower case without the dash
        Submitted s = desk.request(code.code().toLowerCase().replace("-", ""), "ws-ward3", "Ward 3\u0007 desk", "10.0.0.7");
        assertEquals("Ward 3 desk", s.request().deviceName(), "control characters are dropped");
        assertEquals(State.PENDING, s.request().state());
        assertEquals(1, desk.pending().size());
        assertFalse(registry.authenticate("ws-ward3", "x".toCharArray()).isPresent());
        EnrolmentException used = assertThrows(EnrolmentException.class, () -> desk.request(code.code(), "ws-other", "x", "10.0.0.8"));
        assertEquals(Reason.UNKNOWN_CODE, used.reason(), "a code is good for one request");

        assertEquals(State.PENDING, desk.status(s.request().requestId(), s.key()).request().state());
        assertEquals(Reason.UNKNOWN_REQUEST, assertThrows(EnrolmentException.class,
                () -> desk.status(s.request().requestId(), "wrong".toCharArray())).reason());

        desk.approve(s.request().requestId());
        assertTrue(desk.pending().isEmpty());
        Status first = desk.status(s.request().requestId(), s.key());
        DeviceIdentity credentials = first.credentials().orElseThrow();
        assertEquals("A", credentials.clinicId());
        assertTrue(registry.authenticate("ws-ward3", credentials.secret()).isPresent(), "the secret signs the device in");
        Status again = desk.status(s.request().requestId(), s.key());
        assertEquals(State.COLLECTED, again.request().state());
        assertTrue(again.credentials().isEmpty(), "the secret is handed over once");
        assertEquals(Reason.ALREADY_DECIDED, assertThrows(EnrolmentException.class, () -> desk.deny(s.request().requestId())).reason());
    }

    @Test
    void aCodeExpiresAfterFiveMinutes() {
        PairingCode code = desk.openPairing("A");
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        EnrolmentException e = assertThrows(EnrolmentException.class, () -> desk.request(code.code(), "ws-1", "x", "10.0.0.7"));
        assertEquals(Reason.EXPIRED_CODE, e.reason());
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
    }

    @Test
    void wrongCodesFromOneAddressAreRefusedForAWhileThenAllowedAgain() {
        PairingCode code = desk.openPairing("A");
        for (int i = 0; i < 5; i++) {
            assertEquals(Reason.UNKNOWN_CODE, assertThrows(EnrolmentException.class, () -> desk.request("AAAA-AAAA", "ws-1", "x", "10.0.0.9")).reason());
        }
        EnrolmentException limited = assertThrows(EnrolmentException.class, () -> desk.request(code.code(), "ws-1", "x", "10.0.0.9"));
        assertEquals(Reason.TOO_MANY_ATTEMPTS, limited.reason(), "even the right code, from that address");
        assertTrue(limited.getMessage().contains("10.0.0.9"), limited.getMessage());
        // another address still may
        assertEquals(State.PENDING, desk.request(code.code(), "ws-1", "x", "10.0.0.10").request().state());
        clock.now = clock.now.plus(Duration.ofMinutes(16));
        PairingCode fresh = desk.openPairing("A");
        assertEquals(State.PENDING, desk.request(fresh.code(), "ws-2", "x", "10.0.0.9").request().state(), "after the window");
    }

    @Test
    void guessingFromManyAddressesStopsEveryone() {
        PairingCode code = desk.openPairing("A");
        for (int i = 0; i < 8; i++) {
            int n = i;
            assertThrows(EnrolmentException.class, () -> desk.request("BBBB-BBBB", "ws-1", "x", "10.0.1." + n));
        }
        assertEquals(Reason.TOO_MANY_ATTEMPTS, assertThrows(EnrolmentException.class, () -> desk.request(code.code(), "ws-1", "x", "10.0.2.1")).reason());
    }

    @Test
    void badIdsAndTakenIdsAreRefusedWithoutUsingTheCode() {
        registry.enrol("ws-taken", "A");
        PairingCode code = desk.openPairing("A");
        assertEquals(Reason.INVALID_ID, assertThrows(EnrolmentException.class, () -> desk.request(code.code(), "bad id/", "x", "10.0.0.7")).reason());
        assertEquals(Reason.ALREADY_ENROLLED, assertThrows(EnrolmentException.class, () -> desk.request(code.code(), "ws-taken", "x", "10.0.0.7"))
                .reason());
        assertEquals(State.PENDING, desk.request(code.code(), "ws-new", "x", "10.0.0.7").request().state(), "the code is still good");
        assertEquals(Reason.INVALID_ID, assertThrows(EnrolmentException.class, () -> desk.openPairing("A-B")).reason());
    }

    @Test
    void aDeniedDeviceGetsNothingAndIsNotEnrolled() {
        Submitted s = desk.request(desk.openPairing("A").code(), "ws-x", "x", "10.0.0.7");
        desk.deny(s.request().requestId());
        Status st = desk.status(s.request().requestId(), s.key());
        assertEquals(State.DENIED, st.request().state());
        assertTrue(st.credentials().isEmpty());
        assertTrue(registry.devices().isEmpty());
        assertTrue(s.key().length >= 32, "the collection key is 24 random bytes");
    }
}
