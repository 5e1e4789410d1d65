package org.salus.security.internal;

import java.security.SecureRandom;
import java.text.Normalizer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.eclipse.emf.ecore.EObject;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.salus.core.access.AccessControl;
import org.salus.core.access.AccessDecision;
import org.salus.core.access.AccessLedger;
import org.salus.core.access.AccessRecords;
import org.salus.core.access.AccessTransaction;
import org.salus.core.access.PermissionDeniedException;
import org.salus.core.access.Permissions;
import org.salus.core.access.SessionRefusedException;
import org.salus.core.access.SessionRefusedException.Problem;
import org.salus.core.command.Actor;
import org.salus.core.command.InvalidInputException;
import org.salus.core.command.NotFoundException;
import org.salus.core.command.StoreUnavailableException;
import org.salus.core.op.OpEnvelope;
import org.salus.core.op.OpQuery;
import org.salus.core.platform.ClinicClock;
import org.salus.model.security.Role;
import org.salus.model.security.SecurityFactory;
import org.salus.model.security.User;
import org.salus.security.AdministrativeActs;
import org.salus.security.Authentication;
import org.salus.security.HubReachability;
import org.salus.security.LoginRefusedException;
import org.salus.security.LoginRefusedException.Reason;
import org.salus.security.RoleInfo;
import org.salus.security.SecurityUnavailableException;
import org.salus.security.Session;
import org.salus.security.SetupAccount;
import org.salus.security.UserAdministration;
import org.salus.security.UserInfo;

/**
 * Users, roles, logins and this device's session, and the access control the core asks for every command and every
 * read.
 * <p>
 * Users and roles are entities of the model kept as operations through the core's {@link AccessLedger}; the check
 * of a command reads them inside the command's own transaction, so a change (here or received from another device)
 * counts at once. Only the session lives in memory: a restart ends it.
 * <p>
 * Locking: the store's write lock is never taken while this service's own lock is held (a command's check takes
 * them in the other order), and no password is hashed inside a store transaction.
 * <p>
 * Outside OSGi: {@code new SecurityService(clock, SecuritySettings.defaults())}, then
 * {@code commands.bindAccessControl(security)} on the {@code ClinicCommandService}, which hands over its ledger.
 */
@Component(name = SecurityConfig.PID, configurationPid = SecurityConfig.PID,
        service = {Authentication.class, UserAdministration.class, AccessControl.class, AdministrativeActs.class})
@Designate(ocd = SecurityConfig.class)
public class SecurityService implements Authentication, UserAdministration, AccessControl, AdministrativeActs {

    static final String USER = "User";
    static final String ROLE = "Role";
    static final String OP_USER_CREATE = "user.create";
    static final String OP_USER_PASSWORD = "user.password";
    static final String OP_USER_ROLES = "user.roles";
    static final String OP_USER_LOGIN = "user.login";
    static final String OP_USER_LOGIN_FAILED = "user.login.failed";
    static final String OP_USER_LOCKOUT = "user.lockout";
    static final String OP_USER_UNLOCK = "user.unlock";
    static final String OP_SESSION_UNLOCK = "user.session.unlock";
    static final String OP_USER_ENABLE = "user.enable";
    static final String OP_USER_DISABLE = "user.disable";
    static final String OP_ROLE_CREATE = "role.create";
    static final String OP_ROLE_UPDATE = "role.update";
    /** A failed login under a name no user has: an audit record only. */
    static final String OP_LOGIN_UNKNOWN = AccessLedger.AUDIT_PREFIX + "login.failed";
    /** A correct password for an account that may not log in (disabled, retired setup account). */
    static final String OP_LOGIN_REFUSED = AccessLedger.AUDIT_PREFIX + "login.refused";

    /** Operations that show a user's password was checked or set on a device: what makes offline login possible there. */
    private static final List<String> PROOF_OF_DEVICE = List.of(OP_USER_LOGIN, OP_USER_PASSWORD, OP_SESSION_UNLOCK);
    private static final char[] OTP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789".toCharArray();
    private static final int UNKNOWN_NAMES_KEPT = 1000;

    private final ClinicClock clock;
    private final SecureRandom random = new SecureRandom();
    private final Object lock = new Object();
    private volatile SecuritySettings settings;
    private volatile PasswordHasher hasher;
    private volatile AccessLedger ledger;
    private volatile HubReachability reachability;
    private ExecutorService announcer;
    // guarded by lock
    private DeviceSession current;
    // failed attempts under names no user has, so those are slowed down like real ones (guarded by lock)
    private final Map<String, Failures> unknownNames = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > UNKNOWN_NAMES_KEPT;
        }
    };

    @Activate
    public SecurityService(@Reference ClinicClock clock, SecurityConfig config) {
        this(clock, SecuritySettings.from(config));
    }

    public SecurityService(ClinicClock clock, SecuritySettings settings) {
        this.clock = clock;
        this.settings = settings;
        this.hasher = new PasswordHasher(settings.argon2(), random);
    }

    @Modified
    void modified(SecurityConfig config) {
        SecuritySettings s = SecuritySettings.from(config);
        if (!s.argon2().equals(settings.argon2())) {
            hasher = new PasswordHasher(s.argon2(), random);
        }
        settings = s;
    }

    @Deactivate
    void deactivate() {
        synchronized (lock) {
            current = null;
            if (announcer != null) {
                announcer.shutdownNow();
                announcer = null;
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void bindHubReachability(HubReachability r) {
        reachability = r;
    }

    public void unbindHubReachability(HubReachability r) {
        if (reachability == r) {
            reachability = null;
        }
    }

    // ---- the core's access control ----

    @Override
    public void attach(AccessLedger l) {
        ledger = l;
        if (settings.printSetupPassword()) {
            announceSetupAccount();
        }
    }

    @Override
    public void detach(AccessLedger l) {
        if (ledger == l) {
            ledger = null;
        }
    }

    @Override
    public AccessDecision decide(Actor actor, String permission, AccessRecords records) {
        Instant now = clock.now();
        SecuritySettings s = settings;
        DeviceSession session;
        synchronized (lock) {
            AccessDecision refusal = checkSession(actor, now, s, false);
            if (refusal != null) {
                return refusal;
            }
            session = current;
        }
        User user = user(records, session.userId).orElse(null);
        if (user == null) {
            return AccessDecision.refuseSession(Problem.ACCOUNT_DISABLED, session.userId, session.username,
                    "the account of " + session.username + " no longer exists on this device");
        }
        AccessDecision unusable = unusableAccount(records, user);
        if (unusable != null) {
            return unusable;
        }
        Set<String> roles = new TreeSet<>(user.getRoleIds());
        if (permission != null && !permissionsOf(records, roles).contains(permission)) {
            return AccessDecision.deny(user.getId(), user.getUsername(), roles.isEmpty() ? "the user has no role"
                    : "none of the roles " + String.join(", ", roles) + " grants it");
        }
        synchronized (lock) {
            if (current == session && !session.locked) {
                session.lastActivity = now;
            }
        }
        return AccessDecision.allow(user.getId(), user.getUsername());
    }

    /** A usable session of an enabled user is all it takes: {@link #decide} without a permission. */
    @Override
    public AccessDecision decideSession(Actor actor, AccessRecords records) {
        return decide(actor, null, records);
    }

    /** A refusal when the actor's session cannot act now, else null. Locks an idle session. Holds {@link #lock}. */
    private AccessDecision checkSession(Actor actor, Instant now, SecuritySettings s, boolean passwordChange) {
        DeviceSession session = current;
        if (session == null || !session.matches(actor)) {
            return AccessDecision.refuseSession(Problem.UNKNOWN, null, null, "no session with this handle is open on this device:"
                    + " it was never opened here, it ended (logout, another user logged in, restart), or it is forged. Log in.");
        }
        if (!now.isBefore(session.openedAt.plus(s.maxSession()))) {
            current = null;
            return AccessDecision.refuseSession(Problem.EXPIRED, session.userId, session.username, "the session of "
                    + session.username + " started at " + session.openedAt + " and has expired; log in again");
        }
        if (session.lockIfIdle(now, s.idleLock())) {
            return AccessDecision.refuseSession(Problem.LOCKED, session.userId, session.username, "the session of " + session.username
                    + " is locked; unlock it with the password of " + session.username + ", or log in as another user");
        }
        if (session.passwordChangeRequired && !passwordChange) {
            return AccessDecision.refuseSession(Problem.PASSWORD_CHANGE_REQUIRED, session.userId, session.username,
                    session.username + " must set a new password before doing anything else");
        }
        return null;
    }

    /** A refusal when the account may not act (disabled, locked out, a retired setup account), else null. */
    private static AccessDecision unusableAccount(AccessRecords records, User user) {
        if (!user.isEnabled()) {
            return AccessDecision.refuseSession(Problem.ACCOUNT_DISABLED, user.getId(), user.getUsername(),
                    "the account of " + user.getUsername() + " is disabled");
        }
        if (user.isLocked()) {
            return AccessDecision.refuseSession(Problem.ACCOUNT_DISABLED, user.getId(), user.getUsername(), "the account of "
                    + user.getUsername() + " is locked after failed logins; an administrator unlocks it");
        }
        if (user.isSetupAccount() && realAdministratorExists(records)) {
            return AccessDecision.refuseSession(Problem.ACCOUNT_DISABLED, user.getId(), user.getUsername(),
                    "the setup account was retired when a real administrator was created; log in as that administrator");
        }
        return null;
    }

    // ---- first run ----

    @Override
    public Optional<SetupAccount> firstRun() {
        AccessLedger l = ledger();
        if (!l.read(records -> records.entities(USER).isEmpty() || records.entities(ROLE).isEmpty())) {
            return Optional.empty();
        }
        char[] otp = oneTimePassword();
        String hash = hasher.hash(otp);
        Optional<SetupAccount> created = l.write(AccessLedger.SYSTEM_USER, tx -> {
            seedRoles(tx);
            if (!tx.entities(USER).isEmpty()) {
                return Optional.empty();
            }
            User u = SecurityFactory.eINSTANCE.createUser();
            u.setId(tx.newId());
            u.setUsername(SetupAccount.USERNAME);
            u.setDisplayName("Setup administrator");
            u.getRoleIds().add(DefaultRoles.ADMIN);
            u.setEnabled(true);
            u.setSetupAccount(true);
            tx.create(u, OP_USER_CREATE);
            tx.update(USER, u.getId(), OP_USER_PASSWORD, Map.of("passwordHash", hash, "passwordSetAt", tx.now(), "mustChangePassword", true));
            return Optional.of(new SetupAccount(SetupAccount.USERNAME, otp));
        });
        if (created.isEmpty()) {
            Arrays.fill(otp, '\0');
        }
        return created;
    }

    private static void seedRoles(AccessTransaction tx) {
        if (!tx.entities(ROLE).isEmpty()) {
            return;
        }
        for (DefaultRoles.DefaultRole d : DefaultRoles.ALL) {
            Role r = SecurityFactory.eINSTANCE.createRole();
            r.setId(d.id());
            r.setName(d.name());
            r.setDescription(d.description());
            r.getPermissions().addAll(new TreeSet<>(d.permissions()));
            tx.create(r, OP_ROLE_CREATE);
        }
    }

    private char[] oneTimePassword() {
        char[] otp = new char[19];
        for (int i = 0; i < otp.length; i++) {
            otp[i] = i % 5 == 4 ? '-' : OTP_ALPHABET[random.nextInt(OTP_ALPHABET.length)];
        }
        return otp;
    }

    /** On a headless hub: prints the setup account's one-time password once, on a thread of its own (the store may come later). */
    private void announceSetupAccount() {
        synchronized (lock) {
            if (announcer != null) {
                return;
            }
            announcer = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "salus-setup-account");
                t.setDaemon(true);
                return t;
            });
            announcer.execute(() -> {
                for (int attempt = 0; attempt < 60 && !Thread.currentThread().isInterrupted(); attempt++) {
                    try {
                        announceSetupAccount(System.out);
                        return;
                    } catch (StoreUnavailableException | SecurityUnavailableException e) {
                        // the store or the core is not there yet: the call already waited; try again
                        sleepQuietly(1000);
                    }
                }
            });
        }
    }

    /** Runs the first run and, when it made the setup account, prints its one-time password to {@code out} and wipes it. */
    boolean announceSetupAccount(java.io.PrintStream out) {
        Optional<SetupAccount> setup = firstRun();
        setup.ifPresent(a -> {
            out.println("Salus first run: log in as '" + a.username() + "' with the one-time password " + new String(a.oneTimePassword())
                    + " and set a new password. It is shown only this once.");
            a.wipe();
        });
        return setup.isPresent();
    }

    private static void sleepQuietly(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- login, unlock, password ----

    @Override
    public Session login(String username, char[] password) {
        try {
            AccessLedger l = ledger();
            String name = Names.username("username", username);
            requirePassword("password", password);
            Instant now = clock.now();
            SecuritySettings s = settings;
            refuseIfAnotherUserIsActive(name, now, s);
            boolean offline = offline();
            Known known = l.write(AccessLedger.SYSTEM_USER, tx -> Known.of(tx, name));
            if (known.user == null) {
                return refuseUnknownName(l, name, password, now, s);
            }
            User u = known.user;
            refuseIfNotNow(u, now, s);
            if (offline && !known.provedOnThisDevice) {
                throw new LoginRefusedException(Reason.OFFLINE_NOT_CACHED, name, null, "The hub cannot be reached, and " + name
                        + " has never logged in on this device: offline, only users who logged in here before may log in."
                        + " Connect to the hub, or log in on a device " + name + " used before.");
            }
            boolean ok = hasher.verify(password, u.getPasswordHash());
            Attempt attempt = l.write(u.getId(), tx -> recordAttempt(tx, u.getId(), ok, OP_USER_LOGIN, s));
            attempt.throwIfRefused(name);
            return openSession(name, attempt, offline, s);
        } finally {
            wipe(password);
        }
    }

    @Override
    public Session unlock(Actor actor, char[] password) {
        try {
            AccessLedger l = ledger();
            requirePassword("password", password);
            Instant now = clock.now();
            SecuritySettings s = settings;
            DeviceSession session;
            synchronized (lock) {
                session = current;
                AccessDecision refusal = checkSession(actor, now, s, true);
                if (refusal != null && refusal.sessionProblem() != Problem.LOCKED) {
                    throw sessionRefused(refusal);
                }
                if (refusal == null) {
                    return session.snapshot(s.idleLock(), s.maxSession());
                }
            }
            Known known = l.write(session.userId, tx -> Known.byId(tx, session.userId));
            if (known.user == null) {
                throw sessionRefused(AccessDecision.refuseSession(Problem.ACCOUNT_DISABLED, session.userId, session.username,
                        "the account of " + session.username + " no longer exists on this device"));
            }
            User u = known.user;
            refuseIfNotNow(u, now, s);
            boolean ok = hasher.verify(password, u.getPasswordHash());
            Attempt attempt = l.write(u.getId(), tx -> recordAttempt(tx, u.getId(), ok, OP_SESSION_UNLOCK, s));
            synchronized (lock) {
                if (attempt.refusal != null && attempt.refusal != Reason.WRONG_CREDENTIALS && current == session) {
                    current = null;
                }
                attempt.throwIfRefused(session.username);
                if (current != session) {
                    throw sessionRefused(AccessDecision.refuseSession(Problem.UNKNOWN, session.userId, session.username,
                            "the session ended while it was being unlocked; log in"));
                }
                session.locked = false;
                session.lastActivity = clock.now();
                session.roleIds = attempt.roleIds;
                session.permissions = attempt.permissions;
                return session.snapshot(s.idleLock(), s.maxSession());
            }
        } finally {
            wipe(password);
        }
    }

    @Override
    public Session changePassword(Actor actor, char[] currentPassword, char[] newPassword) {
        try {
            AccessLedger l = ledger();
            requirePassword("currentPassword", currentPassword);
            requirePassword("newPassword", newPassword);
            Instant now = clock.now();
            SecuritySettings s = settings;
            DeviceSession session;
            synchronized (lock) {
                AccessDecision refusal = checkSession(actor, now, s, true);
                if (refusal != null) {
                    throw sessionRefused(refusal);
                }
                session = current;
            }
            checkNewPassword(session.username, currentPassword, newPassword, s);
            Known known = l.write(session.userId, tx -> Known.byId(tx, session.userId));
            if (known.user == null) {
                throw new NotFoundException(USER, session.userId);
            }
            refuseIfNotNow(known.user, now, s);
            boolean ok = hasher.verify(currentPassword, known.user.getPasswordHash());
            String newHash = ok ? hasher.hash(newPassword) : null;
            Attempt attempt = l.write(session.userId, tx -> {
                Attempt a = recordAttempt(tx, session.userId, ok, null, s);
                if (a.refusal == null) {
                    tx.update(USER, session.userId, OP_USER_PASSWORD, Map.of("passwordHash", newHash, "passwordSetAt", tx.now(),
                            "mustChangePassword", false, "failedLogins", 0));
                }
                return a;
            });
            synchronized (lock) {
                if (attempt.refusal == Reason.LOCKED_OUT && current == session) {
                    current = null;
                }
                if (attempt.refusal == Reason.WRONG_CREDENTIALS) {
                    throw new LoginRefusedException(Reason.WRONG_CREDENTIALS, session.username, null,
                            "The current password is wrong; the password was not changed.");
                }
                attempt.throwIfRefused(session.username);
                session.passwordChangeRequired = false;
                session.lastActivity = clock.now();
                return session.snapshot(s.idleLock(), s.maxSession());
            }
        } finally {
            wipe(currentPassword);
            wipe(newPassword);
        }
    }

    @Override
    public Session lock(Actor actor) {
        SecuritySettings s = settings;
        synchronized (lock) {
            AccessDecision refusal = checkSession(actor, clock.now(), s, true);
            if (refusal != null && refusal.sessionProblem() != Problem.LOCKED) {
                throw sessionRefused(refusal);
            }
            current.locked = true;
            return current.snapshot(s.idleLock(), s.maxSession());
        }
    }

    @Override
    public void logout(Actor actor) {
        synchronized (lock) {
            if (current != null && current.matches(actor)) {
                current = null;
            }
        }
    }

    @Override
    public Session session(Actor actor) {
        SecuritySettings s = settings;
        synchronized (lock) {
            AccessDecision refusal = checkSession(actor, clock.now(), s, true);
            if (refusal != null && refusal.sessionProblem() != Problem.LOCKED) {
                throw sessionRefused(refusal);
            }
            return current.snapshot(s.idleLock(), s.maxSession());
        }
    }

    @Override
    public Session touch(Actor actor) {
        SecuritySettings s = settings;
        Instant now = clock.now();
        synchronized (lock) {
            AccessDecision refusal = checkSession(actor, now, s, true);
            if (refusal != null) {
                throw sessionRefused(refusal);
            }
            current.lastActivity = now;
            return current.snapshot(s.idleLock(), s.maxSession());
        }
    }

    @Override
    public Optional<Session> current() {
        SecuritySettings s = settings;
        Instant now = clock.now();
        synchronized (lock) {
            if (current == null) {
                return Optional.empty();
            }
            if (!now.isBefore(current.openedAt.plus(s.maxSession()))) {
                current = null;
                return Optional.empty();
            }
            current.lockIfIdle(now, s.idleLock());
            return Optional.of(current.snapshot(s.idleLock(), s.maxSession()));
        }
    }

    @Override
    public boolean offline() {
        HubReachability r = reachability;
        return r == null || !r.hubReachable();
    }

    /** Switching user goes through the lock screen: another user's active session must be locked first. */
    private void refuseIfAnotherUserIsActive(String name, Instant now, SecuritySettings s) {
        synchronized (lock) {
            DeviceSession session = current;
            if (session != null && !session.username.equals(name) && now.isBefore(session.openedAt.plus(s.maxSession()))
                    && !session.lockIfIdle(now, s.idleLock())) {
                throw new LoginRefusedException(Reason.SESSION_ACTIVE, name, null, session.username + " is logged in on this device:"
                        + " lock that session first, then log in (switching user goes through the lock screen).");
            }
        }
    }

    /** Refuses an attempt on a locked-out account, or one made before the retry delay of the last failure has passed. */
    private static void refuseIfNotNow(User u, Instant now, SecuritySettings s) {
        if (u.isLocked()) {
            throw new LoginRefusedException(Reason.LOCKED_OUT, u.getUsername(), null, "The account of " + u.getUsername()
                    + " is locked after " + u.getFailedLogins() + " failed logins; an administrator must unlock it.");
        }
        if (u.getFailedLogins() > 0 && u.getLastFailedLoginAt() != null) {
            Instant notBefore = u.getLastFailedLoginAt().plus(s.retryDelayAfter(u.getFailedLogins()));
            if (now.isBefore(notBefore)) {
                throw tooSoon(u.getUsername(), notBefore);
            }
        }
    }

    private static LoginRefusedException tooSoon(String name, Instant notBefore) {
        return new LoginRefusedException(Reason.TOO_SOON, name, notBefore, "Too soon after a failed login: try again at "
                + notBefore + ".");
    }

    /** A name no user has: spend the time of a real check, slow repeated tries down, record the attempt, refuse. */
    private Session refuseUnknownName(AccessLedger l, String name, char[] password, Instant now, SecuritySettings s) {
        synchronized (lock) {
            Failures f = unknownNames.get(name);
            if (f != null) {
                Instant notBefore = f.last.plus(s.retryDelayAfter(f.count));
                if (now.isBefore(notBefore)) {
                    throw tooSoon(name, notBefore);
                }
            }
        }
        hasher.burn(password);
        l.write(AccessLedger.ANONYMOUS_USER, tx -> tx.audit(USER, AccessLedger.ANONYMOUS_USER, OP_LOGIN_UNKNOWN,
                Map.of("username", name, "reason", "no user has this login name")));
        synchronized (lock) {
            Failures f = unknownNames.get(name);
            unknownNames.put(name, new Failures(f == null ? 1 : f.count + 1, clock.now()));
        }
        throw wrongCredentials(name);
    }

    private static LoginRefusedException wrongCredentials(String name) {
        return new LoginRefusedException(Reason.WRONG_CREDENTIALS, name, null, "Wrong login name or password.");
    }

    /**
     * Records one password check: a failure counts (and locks the account at the limit); a success clears the count,
     * unless the account may not log in (disabled, a retired setup account). {@code successOp} null records nothing on
     * success (the caller records its own operation).
     */
    private Attempt recordAttempt(AccessTransaction tx, String userId, boolean passwordOk, String successOp, SecuritySettings s) {
        User u = user(tx, userId).orElseThrow(() -> new NotFoundException(USER, userId));
        Instant now = tx.now();
        if (!passwordOk) {
            int failures = u.getFailedLogins() + 1;
            tx.update(USER, userId, OP_USER_LOGIN_FAILED, Map.of("failedLogins", failures, "lastFailedLoginAt", now));
            if (failures >= s.maxFailedLogins()) {
                tx.update(USER, userId, OP_USER_LOCKOUT, Map.of("locked", true, "lockedAt", now));
                return Attempt.refused(Reason.LOCKED_OUT, "That was the " + failures + "th failed login in a row: the account of "
                        + u.getUsername() + " is now locked, and an administrator must unlock it.");
            }
            return Attempt.refused(Reason.WRONG_CREDENTIALS, "Wrong login name or password.");
        }
        String why = !u.isEnabled() ? "the account of " + u.getUsername() + " is disabled; ask an administrator"
                : u.isSetupAccount() && realAdministratorExists(tx)
                        ? "the setup account was retired when a real administrator was created; log in as that administrator"
                        : null;
        if (why != null) {
            tx.audit(USER, userId, OP_LOGIN_REFUSED, Map.of("reason", why));
            if (u.isSetupAccount() && u.isEnabled()) {
                tx.update(USER, userId, OP_USER_DISABLE, Map.of("enabled", false));
            }
            return Attempt.refused(Reason.DISABLED, Character.toUpperCase(why.charAt(0)) + why.substring(1) + ".");
        }
        if (successOp != null) {
            tx.update(USER, userId, successOp, Map.of("failedLogins", 0, "lastLoginAt", now));
        }
        Set<String> roles = new TreeSet<>(u.getRoleIds());
        return Attempt.ok(u, roles, permissionsOf(tx, roles));
    }

    private Session openSession(String name, Attempt attempt, boolean offline, SecuritySettings s) {
        byte[] handle = new byte[32];
        random.nextBytes(handle);
        Actor actor = new Actor(Base64.getUrlEncoder().withoutPadding().encodeToString(handle));
        Arrays.fill(handle, (byte) 0);
        User u = attempt.user;
        synchronized (lock) {
            // checked again: another user may have logged in while the password was being checked
            refuseIfAnotherUserIsActive(name, clock.now(), s);
            current = new DeviceSession(actor, u.getId(), u.getUsername(), u.getDisplayName(), attempt.roleIds, attempt.permissions,
                    offline, u.isMustChangePassword(), clock.now());
            return current.snapshot(s.idleLock(), s.maxSession());
        }
    }

    private void checkNewPassword(String username, char[] current, char[] proposed, SecuritySettings s) {
        String p = Normalizer.normalize(java.nio.CharBuffer.wrap(proposed), Normalizer.Form.NFKC);
        int length = p.codePointCount(0, p.length());
        if (length < s.minPasswordLength()) {
            throw new InvalidInputException("newPassword", "a password has at least " + s.minPasswordLength() + " characters (this one has "
                    + length + "); a few unrelated words make a good one");
        }
        if (p.toLowerCase(java.util.Locale.ROOT).contains(username)) {
            throw new InvalidInputException("newPassword", "a password may not contain the login name");
        }
        if (current != null && p.equals(Normalizer.normalize(java.nio.CharBuffer.wrap(current), Normalizer.Form.NFKC))) {
            throw new InvalidInputException("newPassword", "the new password must differ from the current one");
        }
    }

    private static void requirePassword(String field, char[] password) {
        if (password == null || password.length == 0) {
            throw new InvalidInputException(field, "is required");
        }
        if (password.length > PasswordHasher.MAX_PASSWORD_CHARS) {
            throw new InvalidInputException(field, "a password has at most " + PasswordHasher.MAX_PASSWORD_CHARS + " characters");
        }
    }

    private static void wipe(char[] password) {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }

    // ---- administration ----

    @Override
    public UserInfo createUser(Actor admin, String username, String displayName, Set<String> roleIds, char[] initialPassword) {
        try {
            String name = Names.username("username", username);
            String display = Names.text("displayName", displayName, 200, true);
            requirePassword("initialPassword", initialPassword);
            checkNewPassword(name, null, initialPassword, settings);
            precheck(admin, Permissions.USER_MANAGE, "create user " + name);
            String hash = hasher.hash(initialPassword);
            return administer(admin, Permissions.USER_MANAGE, "create user " + name, (tx, adminId) -> {
                Set<String> roles = existingRoles(tx, roleIds);
                Optional<User> holder = userByName(tx, name);
                if (holder.isPresent()) {
                    throw new InvalidInputException("username", "'" + name + "' is already the login name of " + holder.get().getDisplayName());
                }
                User u = SecurityFactory.eINSTANCE.createUser();
                u.setId(tx.newId());
                u.setUsername(name);
                u.setDisplayName(display);
                u.getRoleIds().addAll(roles);
                u.setEnabled(true);
                tx.create(u, OP_USER_CREATE);
                tx.update(USER, u.getId(), OP_USER_PASSWORD, Map.of("passwordHash", hash, "passwordSetAt", tx.now(), "mustChangePassword", true));
                retireSetupAccounts(tx);
                return info(user(tx, u.getId()).orElseThrow());
            });
        } finally {
            wipe(initialPassword);
        }
    }

    @Override
    public UserInfo changeRoles(Actor admin, String userId, Set<String> roleIds) {
        return administer(admin, Permissions.USER_MANAGE, "change the roles of user " + userId, (tx, adminId) -> {
            User u = existingUser(tx, userId);
            Set<String> roles = existingRoles(tx, roleIds);
            if (u.isSetupAccount() && !roles.equals(new TreeSet<>(u.getRoleIds()))) {
                throw new InvalidInputException("userId", "the setup account keeps its roles; create a real administrator instead");
            }
            tx.update(USER, userId, OP_USER_ROLES, Map.of("roleIds", List.copyOf(roles)));
            retireSetupAccounts(tx);
            requireAdministrationPossible(tx);
            return info(user(tx, userId).orElseThrow());
        });
    }

    @Override
    public UserInfo resetPassword(Actor admin, String userId, char[] temporaryPassword) {
        try {
            requirePassword("temporaryPassword", temporaryPassword);
            precheck(admin, Permissions.USER_MANAGE, "reset the password of user " + userId);
            String hash = hasher.hash(temporaryPassword);
            return administer(admin, Permissions.USER_MANAGE, "reset the password of user " + userId, (tx, adminId) -> {
                User u = existingUser(tx, userId);
                checkNewPassword(u.getUsername(), null, temporaryPassword, settings);
                tx.update(USER, userId, OP_USER_PASSWORD, Map.of("passwordHash", hash, "passwordSetAt", tx.now(), "mustChangePassword", true));
                if (u.isLocked() || u.getFailedLogins() > 0) {
                    tx.update(USER, userId, OP_USER_UNLOCK, unlockChanges());
                }
                return info(user(tx, userId).orElseThrow());
            });
        } finally {
            wipe(temporaryPassword);
        }
    }

    @Override
    public UserInfo unlockAccount(Actor admin, String userId) {
        return administer(admin, Permissions.USER_MANAGE, "unlock user " + userId, (tx, adminId) -> {
            existingUser(tx, userId);
            tx.update(USER, userId, OP_USER_UNLOCK, unlockChanges());
            return info(user(tx, userId).orElseThrow());
        });
    }

    private static Map<String, Object> unlockChanges() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("locked", false);
        m.put("lockedAt", null);
        m.put("failedLogins", 0);
        return m;
    }

    @Override
    public UserInfo setEnabled(Actor admin, String userId, boolean enabled) {
        return administer(admin, Permissions.USER_MANAGE, (enabled ? "enable" : "disable") + " user " + userId, (tx, adminId) -> {
            User u = existingUser(tx, userId);
            if (enabled && u.isSetupAccount() && realAdministratorExists(tx)) {
                throw new InvalidInputException("userId", "the setup account stays retired once a real administrator exists");
            }
            tx.update(USER, userId, enabled ? OP_USER_ENABLE : OP_USER_DISABLE, Map.of("enabled", enabled));
            retireSetupAccounts(tx);
            requireAdministrationPossible(tx);
            return info(user(tx, userId).orElseThrow());
        });
    }

    @Override
    public List<UserInfo> users(Actor admin) {
        return administer(admin, Permissions.USER_MANAGE, "list users", (tx, adminId) -> tx.entities(USER).stream()
                .map(e -> info((User) e)).sorted(Comparator.comparing(UserInfo::username)).toList());
    }

    @Override
    public List<RoleInfo> roles(Actor actor) {
        return administer(actor, null, "list roles", (tx, userId) -> tx.entities(ROLE).stream().map(e -> info((Role) e)).toList());
    }

    @Override
    public RoleInfo saveRole(Actor admin, String roleId, String name, String description, Set<String> permissions) {
        String id = Names.roleId("roleId", roleId);
        String display = Names.text("name", name, 100, true);
        String text = Names.text("description", description, 500, false);
        if (permissions == null) {
            throw new InvalidInputException("permissions", "is required (an empty set for a role that grants nothing)");
        }
        Set<String> perms = new TreeSet<>();
        for (String p : permissions) {
            if (!Permissions.isWellFormed(p)) {
                throw new InvalidInputException("permissions", "'" + p + "' is not a permission: dot-separated lower-case words such as "
                        + Permissions.STOCK_DISPENSE_ORDER);
            }
            perms.add(p);
        }
        return administer(admin, Permissions.ROLE_MANAGE, "save role " + id, (tx, adminId) -> {
            if (tx.entity(ROLE, id).isPresent()) {
                Map<String, Object> changes = new LinkedHashMap<>();
                changes.put("name", display);
                changes.put("description", text);
                changes.put("permissions", List.copyOf(perms));
                tx.update(ROLE, id, OP_ROLE_UPDATE, changes);
            } else {
                Role r = SecurityFactory.eINSTANCE.createRole();
                r.setId(id);
                r.setName(display);
                r.setDescription(text);
                r.getPermissions().addAll(perms);
                tx.create(r, OP_ROLE_CREATE);
            }
            retireSetupAccounts(tx);
            requireAdministrationPossible(tx);
            return info((Role) tx.entity(ROLE, id).orElseThrow());
        });
    }

    // ---- administrative acts of other services ----

    @Override
    public UserInfo authorize(Actor actor, String permission, String what) {
        if (permission == null || permission.isBlank()) {
            throw new InvalidInputException("permission", "is required");
        }
        return administer(actor, permission, what, (tx, adminId) -> info(user(tx, adminId).orElseThrow()));
    }

    @Override
    public String record(Actor actor, String entityType, String entityId, String opType, Map<String, ?> details) {
        if (opType == null || !opType.startsWith(AccessLedger.AUDIT_PREFIX)) {
            throw new IllegalArgumentException("an audit operation's type starts with '" + AccessLedger.AUDIT_PREFIX + "': " + opType);
        }
        return ledger().write(subjectOf(actor), tx -> tx.audit(entityType, entityId, opType, details).opId());
    }

    @FunctionalInterface
    private interface AdminWork<T> {
        T run(AccessTransaction tx, String adminId);
    }

    /**
     * Runs administrative work in one ledger transaction after the same check a command gets; a refusal is recorded
     * (and committed) as an audit operation, then thrown. A null permission only needs a usable session.
     */
    private <T> T administer(Actor actor, String permission, String what, AdminWork<T> work) {
        AccessLedger l = ledger();
        String subject = subjectOf(actor);
        Object result = l.write(subject, tx -> {
            AccessDecision d = decide(actor, permission, tx);
            if (!d.allowed()) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("permission", permission == null ? "session" : permission);
                details.put("command", what);
                details.put("outcome", d.outcome().name());
                details.put("reason", d.reason());
                if (d.sessionProblem() != null) {
                    details.put("sessionProblem", d.sessionProblem().name());
                }
                OpEnvelope op = tx.audit(USER, subject, AccessLedger.OP_ACCESS_DENIED, details);
                return new Refused(d, op.opId());
            }
            return work.run(tx, d.userId());
        });
        if (result instanceof Refused r) {
            String reason = r.decision.reason() == null ? "no reason was given" : r.decision.reason();
            if (r.decision.outcome() == AccessDecision.Outcome.DENIED) {
                throw new PermissionDeniedException(r.decision.userId(), r.decision.userName(), permission, reason, r.opId);
            }
            throw new SessionRefusedException(r.decision.sessionProblem(), r.decision.userId(), permission, reason, r.opId);
        }
        @SuppressWarnings("unchecked")
        T t = (T) result;
        return t;
    }

    private record Refused(AccessDecision decision, String opId) {
    }

    /**
     * The check of {@link #administer} on its own, made before a password is hashed (never inside a transaction): a
     * refusal is recorded and thrown before any hashing work. The work itself is checked again.
     */
    private void precheck(Actor actor, String permission, String what) {
        administer(actor, permission, what, (tx, adminId) -> Boolean.TRUE);
    }

    private String subjectOf(Actor actor) {
        synchronized (lock) {
            return current != null && current.matches(actor) ? current.userId : AccessLedger.ANONYMOUS_USER;
        }
    }

    /** Disables every setup account once a real administrator exists. */
    private static void retireSetupAccounts(AccessTransaction tx) {
        if (!realAdministratorExists(tx)) {
            return;
        }
        for (EObject e : tx.entities(USER)) {
            User u = (User) e;
            if (u.isSetupAccount() && u.isEnabled()) {
                tx.update(USER, u.getId(), OP_USER_DISABLE, Map.of("enabled", false));
            }
        }
    }

    /** A user who is not the setup account, is enabled, and may manage users. */
    static boolean realAdministratorExists(AccessRecords records) {
        for (EObject e : records.entities(USER)) {
            User u = (User) e;
            if (!u.isSetupAccount() && u.isEnabled() && permissionsOf(records, new TreeSet<>(u.getRoleIds())).contains(Permissions.USER_MANAGE)) {
                return true;
            }
        }
        return false;
    }

    /** Refuses a change that would leave no enabled user able to manage users and roles. */
    private static void requireAdministrationPossible(AccessRecords records) {
        boolean users = false;
        boolean roles = false;
        for (EObject e : records.entities(USER)) {
            User u = (User) e;
            if (u.isEnabled()) {
                Set<String> p = permissionsOf(records, new TreeSet<>(u.getRoleIds()));
                users |= p.contains(Permissions.USER_MANAGE);
                roles |= p.contains(Permissions.ROLE_MANAGE);
            }
        }
        if (!users || !roles) {
            throw new InvalidInputException("roles", "after this change no enabled user could manage " + (users ? "roles" : "users")
                    + "; keep at least one administrator");
        }
    }

    private static User existingUser(AccessRecords records, String userId) {
        if (userId == null || userId.isBlank()) {
            throw new InvalidInputException("userId", "is required");
        }
        return user(records, userId).orElseThrow(() -> new NotFoundException(USER, userId));
    }

    private static Set<String> existingRoles(AccessRecords records, Set<String> roleIds) {
        if (roleIds == null) {
            throw new InvalidInputException("roleIds", "is required (an empty set for a user without roles)");
        }
        Set<String> roles = new TreeSet<>();
        for (String id : roleIds) {
            if (id == null || records.entity(ROLE, id).isEmpty()) {
                throw new InvalidInputException("roleIds", "there is no role '" + id + "'; the roles are "
                        + String.join(", ", records.entities(ROLE).stream().map(r -> ((Role) r).getId()).toList()));
            }
            roles.add(id);
        }
        return roles;
    }

    static Optional<User> user(AccessRecords records, String userId) {
        return records.entity(USER, userId).map(User.class::cast);
    }

    static Optional<User> userByName(AccessRecords records, String name) {
        return records.entities(USER).stream().map(User.class::cast).filter(u -> name.equals(u.getUsername())).findFirst();
    }

    static Set<String> permissionsOf(AccessRecords records, Set<String> roleIds) {
        Set<String> permissions = new TreeSet<>();
        for (String id : roleIds) {
            records.entity(ROLE, id).ifPresent(r -> permissions.addAll(((Role) r).getPermissions()));
        }
        return permissions;
    }

    private static UserInfo info(User u) {
        return new UserInfo(u.getId(), u.getUsername(), u.getDisplayName(), new TreeSet<>(u.getRoleIds()), u.isEnabled(), u.isSetupAccount(),
                u.isLocked(), u.getFailedLogins(), u.isMustChangePassword(), u.getLastLoginAt());
    }

    private static RoleInfo info(Role r) {
        return new RoleInfo(r.getId(), r.getName(), r.getDescription(), new TreeSet<>(r.getPermissions()));
    }

    private AccessLedger ledger() {
        AccessLedger l = ledger;
        if (l == null) {
            throw new SecurityUnavailableException("The clinic data core is not running, so nobody can log in or be administered now."
                    + " Start the core (org.salus.core) and its store, then try again.");
        }
        return l;
    }

    private static SessionRefusedException sessionRefused(AccessDecision d) {
        return new SessionRefusedException(d.sessionProblem(), d.userId(), null, d.reason(), null);
    }

    /** What a login needs to know before the password is checked. */
    private record Known(User user, boolean provedOnThisDevice) {

        static Known of(AccessRecords records, String name) {
            User u = userByName(records, name).orElse(null);
            return new Known(u, u != null && provedOnThisDevice(records, u.getId()));
        }

        static Known byId(AccessRecords records, String userId) {
            User u = SecurityService.user(records, userId).orElse(null);
            return new Known(u, u != null && provedOnThisDevice(records, u.getId()));
        }

        /** Whether this device has checked or set the user's password before (its own operations say so). */
        private static boolean provedOnThisDevice(AccessRecords records, String userId) {
            for (String opType : PROOF_OF_DEVICE) {
                OpQuery q = OpQuery.all().entity(USER, userId).device(records.deviceId()).type(opType).pageSize(1);
                if (!records.operations(q).operations().isEmpty()) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The outcome of one recorded password check. */
    private record Attempt(Reason refusal, String message, User user, Set<String> roleIds, Set<String> permissions) {

        static Attempt ok(User u, Set<String> roleIds, Set<String> permissions) {
            return new Attempt(null, null, u, roleIds, permissions);
        }

        static Attempt refused(Reason reason, String message) {
            return new Attempt(reason, message, null, Set.of(), Set.of());
        }

        void throwIfRefused(String name) {
            if (refusal != null) {
                throw new LoginRefusedException(refusal, name, null, message);
            }
        }
    }

    private record Failures(int count, Instant last) {
    }
}
