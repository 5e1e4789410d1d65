package org.salus.store.h2.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Where the clinic store and its key live (ConfigAdmin pid {@value #PID}). */
@ObjectClassDefinition(name = "Salus H2 clinic store", description = "The encrypted H2 file that holds the clinic's op log and projections.")
public @interface StoreConfig {

    String PID = "org.salus.store.h2";

    @AttributeDefinition(name = "Database", description = "The database file without its .mv.db ending, such as"
            + " /var/lib/salus/clinic; relative paths are resolved against the working directory. The store opens only once this is configured.")
    String path();

    @AttributeDefinition(name = "Key file", description = "The file holding the database key (created with 0600 permissions"
            + " on first start); empty means <path>.key.")
    String keyFile() default "";

    @AttributeDefinition(name = "Operations checked at start", description = "How many of each device's last operations are"
            + " verified against the hash chain when the store opens.")
    long verifyTailOps() default 1000;

    @AttributeDefinition(name = "Durability", description = "SYNC: every commit is forced to the disk (survives power loss);"
            + " WRITE: written to the operating system (survives a killed process).")
    String durability() default "SYNC";

    @AttributeDefinition(name = "Lock timeout (ms)", description = "How long a transaction waits for a row lock.")
    int lockTimeoutMillis() default 10_000;
}
