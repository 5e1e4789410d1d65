package org.salus.hub.broker.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Supplier;

import javax.security.auth.Subject;

import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;
import org.salus.hub.device.DeviceIdentity;
import org.salus.hub.device.DeviceRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a device in when the hub's {@link DeviceRegistry} knows its credentials and its MQTT client id starts with
 * {@code <clinicId>-}, and then lets it use only its own topics of its clinic ({@link ClinicTopics}).
 * <p>
 * Artemis' authentication cache is off, because its key ignores the client id: a device that had signed in once
 * could then take another clinic's client id. Artemis calls {@link #authenticate} again before each authorisation
 * it has not cached; for those calls the subject is remembered per network connection, so each CONNECT is checked
 * against the registry and each message is not.
 */
final class ClinicSecurityManager implements ActiveMQSecurityManager5 {

    /** The clinic a signed-in device belongs to. */
    record ClinicPrincipal(String getName) implements Principal {
    }

    /** The device that signed in, as its enrolment names it. */
    record DevicePrincipal(String getName) implements Principal {
    }

    /** The hub's own services, which use every clinic's topics. */
    record ServicePrincipal(String getName) implements Principal {
    }

    private record SignedIn(String user, byte[] passwordDigest, Subject subject) {
    }

    private final Supplier<DeviceRegistry> registry;
    private final ServiceIdentity service;
    private final Logger log = LoggerFactory.getLogger("org.salus.hub.broker");
    /** Weak keys: a closed connection's entry goes with the connection. */
    private final Map<RemotingConnection, SignedIn> connections = Collections.synchronizedMap(new WeakHashMap<>());

    ClinicSecurityManager(Supplier<DeviceRegistry> registry) {
        this(registry, null);
    }

    /** @param service the hub's own identity, or null when no hub service connects */
    ClinicSecurityManager(Supplier<DeviceRegistry> registry, ServiceIdentity service) {
        this.registry = registry;
        this.service = service;
    }

    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain) {
        if (user == null || password == null) {
            log.info("refused a connection without credentials (client id {})", clientId(connection));
            return null;
        }
        if (ServiceIdentity.USER.equals(user)) {
            // never a device: '$' starts no device id
            if (service == null || !service.matches(user, password, clientId(connection))) {
                log.info("refused the hub service identity with client id {}: wrong secret or client id", clientId(connection));
                return null;
            }
            Subject subject = new Subject();
            subject.getPrincipals().add(new UserPrincipal(user));
            subject.getPrincipals().add(new ServicePrincipal(user));
            subject.setReadOnly();
            return subject;
        }
        byte[] digest = sha256(password);
        if (connection != null) {
            SignedIn known = connections.get(connection);
            if (known != null && known.user().equals(user) && MessageDigest.isEqual(known.passwordDigest(), digest)) {
                return known.subject();
            }
        }
        DeviceRegistry devices = registry.get();
        if (devices == null) {
            log.warn("refused device {}: the device registry is not running", user);
            return null;
        }
        char[] secret = password.toCharArray();
        Optional<DeviceIdentity> device;
        try {
            device = devices.authenticate(user, secret);
        } finally {
            Arrays.fill(secret, '\0');
        }
        if (device.isEmpty()) {
            log.info("refused device {}: unknown device, revoked device or wrong secret", user);
            return null;
        }
        String clinic = device.get().clinicId();
        String clientId = clientId(connection);
        if (clientId == null || !clientId.startsWith(clinic + "-")) {
            log.info("refused device {} of clinic {}: its client id {} does not start with {}-", user, clinic, clientId, clinic);
            return null;
        }
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(user));
        subject.getPrincipals().add(new ClinicPrincipal(clinic));
        subject.getPrincipals().add(new DevicePrincipal(device.get().deviceId()));
        subject.setReadOnly();
        if (connection != null) {
            connections.put(connection, new SignedIn(user, digest, subject));
        }
        return subject;
    }

    @Override
    public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
        if (subject != null && !subject.getPrincipals(ServicePrincipal.class).isEmpty()) {
            boolean allowed = ClinicTopics.allowsService(checkType, address);
            if (!allowed) {
                log.info("refused {} on {} to the hub service", checkType, address);
            }
            return allowed;
        }
        String clinic = subject == null ? null
                : subject.getPrincipals(ClinicPrincipal.class).stream().map(ClinicPrincipal::getName).findFirst().orElse(null);
        String device = subject == null ? null
                : subject.getPrincipals(DevicePrincipal.class).stream().map(DevicePrincipal::getName).findFirst().orElse(null);
        boolean allowed = ClinicTopics.allows(clinic, device, checkType, address);
        if (!allowed) {
            log.info("refused {} on {} to {} of clinic {}", checkType, address, user(subject), clinic);
        }
        return allowed;
    }

    /** Only {@link #authenticate} and {@link #authorize} are used; Artemis never calls this on a version-5 manager. */
    @Override
    public boolean validateUser(String user, String password) {
        return false;
    }

    /** Only {@link #authenticate} and {@link #authorize} are used; Artemis never calls this on a version-5 manager. */
    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        return false;
    }

    private static String clientId(RemotingConnection connection) {
        return connection == null ? null : connection.getClientID();
    }

    private static String user(Subject subject) {
        return subject == null ? null
                : subject.getPrincipals(UserPrincipal.class).stream().map(UserPrincipal::getName).findFirst().orElse(null);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
