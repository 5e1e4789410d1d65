package org.salus.ui.login.internal;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.function.Consumer;
import java.util.function.Function;

import org.salus.core.command.ClinicCommands;
import org.salus.core.platform.ClinicClock;
import org.salus.demo.DemoClinic;
import org.salus.demo.DemoLoader;
import org.salus.demo.DemoParameters;
import org.salus.security.Authentication;
import org.salus.security.Session;
import org.salus.security.SetupAccount;
import org.salus.security.UserAdministration;

/** Creates the demo staff with the setup account, then records the demo clinic as its pharmacist and front desk. */
final class DemoLoad {

    private static final String INITIAL = "demo-initial-password";

    private final Function<Class<?>, Object> services;
    private final Consumer<String> progress;

    DemoLoad(Function<Class<?>, Object> services, Consumer<String> progress) {
        this.services = services;
        this.progress = progress;
    }

    private <T> T get(Class<T> type) {
        return type.cast(services.apply(type));
    }

    String run(SetupAccount setup) {
        Authentication auth = get(Authentication.class);
        UserAdministration users = get(UserAdministration.class);
        ClinicCommands commands = get(ClinicCommands.class);
        LocalDate today = get(ClinicClock.class).today();

        progress.accept("Demo clinic: creating the staff accounts...");
        Session setupSession = auth.login(setup.username(), setup.oneTimePassword().clone());
        char[] random = randomPassword();
        setupSession = auth.changePassword(setupSession.actor(), setup.oneTimePassword().clone(), random);
        for (DemoSeeder.DemoUser u : DemoSeeder.USERS) {
            users.createUser(setupSession.actor(), u.username(), u.displayName(), new HashSet<>(u.roles()), INITIAL.toCharArray());
        }
        auth.logout(setupSession.actor());

        DemoClinic clinic = new DemoClinic(DemoParameters.defaults().withAsOf(today).withPatients(300).withYears(1).withDailyDispenses(40));
        StringBuilder summary = new StringBuilder();
        for (DemoSeeder.DemoUser u : DemoSeeder.USERS) {
            progress.accept("Demo clinic: setting the password of " + u.username() + "...");
            Session s = auth.login(u.username(), INITIAL.toCharArray());
            s = auth.changePassword(s.actor(), INITIAL.toCharArray(), DemoSeeder.PASSWORD.toCharArray());
            try {
                if (u.roles().contains("pharmacist")) {
                    DemoLoader loader = new DemoLoader(commands, s.actor(), today);
                    progress.accept("Demo clinic: registering " + clinic.medicines().size() + " medicines...");
                    loader.registerMedicines(clinic.medicines());
                    progress.accept("Demo clinic: receiving batches...");
                    loader.receiveBatches(clinic.batches());
                    progress.accept("Demo clinic: replaying a year of dispensing...");
                    loader.replayDispenses(clinic.dispenses());
                    var load = loader.summary();
                    summary.append(load.medicines()).append(" medicines, ").append(load.batches()).append(" batches, ")
                            .append(load.dispenses()).append(" dispensings");
                } else if (u.roles().contains("front-desk")) {
                    progress.accept("Demo clinic: registering patients...");
                    DemoLoader loader = new DemoLoader(commands, s.actor(), today);
                    loader.registerPatients(clinic.patients());
                    summary.append(", ").append(loader.summary().patients()).append(" patients");
                }
            } finally {
                auth.logout(s.actor());
            }
        }
        return "Loaded " + summary + ". " + DemoSeeder.usersHint();
    }

    private static char[] randomPassword() {
        SecureRandom random = new SecureRandom();
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
        char[] pw = new char[24];
        for (int i = 0; i < pw.length; i++) {
            pw[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return pw;
    }
}
