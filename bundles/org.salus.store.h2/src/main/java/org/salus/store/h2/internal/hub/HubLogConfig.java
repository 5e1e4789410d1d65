package org.salus.store.h2.internal.hub;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Where the hub log lives and how it commits (ConfigAdmin pid {@value #PID}). */
@ObjectClassDefinition(name = "Salus hub log (H2)", description = "The encrypted H2 file that holds every clinic's operations in server order.")
public @interface HubLogConfig {

    String PID = "org.salus.store.h2.hub";

    @AttributeDefinition(name = "Database", description = "The database file without its .mv.db ending, such as data/hub-log;"
            + " relative paths start at the hub's working directory. The log opens only once this is configured.")
    String path();

    @AttributeDefinition(name = "Key file", description = "The file holding the database key (created with 0600 permissions"
            + " on first start); empty means <path>.key.")
    String keyFile() default "";

    @AttributeDefinition(name = "Durability", description = "SYNC: every commit is forced to the disk before the device gets its"
            + " ack (survives power loss); WRITE: written to the operating system (survives a killed process).")
    String durability() default "SYNC";

    @AttributeDefinition(name = "Lock timeout (ms)", description = "How long an append waits for a device's or a clinic's lock.")
    int lockTimeoutMillis() default 10_000;

    @AttributeDefinition(name = "Connections", description = "How many database connections appends and pulls share.")
    int connections() default 8;
}
