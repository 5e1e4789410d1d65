package org.salus.store.postgres.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Which PostgreSQL database holds the hub log (ConfigAdmin pid {@value #PID}). */
@ObjectClassDefinition(name = "Salus hub log (PostgreSQL)", description = "The PostgreSQL database that holds every clinic's"
        + " operations in server order; several hub instances may share it.")
public @interface PgHubLogConfig {

    String PID = "org.salus.store.postgres.hub";

    @AttributeDefinition(name = "JDBC URL", description = "Such as jdbc:postgresql://db.example:5432/salus. The log opens only once"
            + " this is configured.")
    String url();

    @AttributeDefinition(name = "User", description = "The database user; it owns the schema below.")
    String user() default "salus";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, description = "Empty for trust or peer authentication.")
    String password() default "";

    @AttributeDefinition(name = "Schema", description = "The schema the hub log's tables live in (created when missing).")
    String schema() default "salus_hub";

    @AttributeDefinition(name = "Connections", description = "How many database connections appends and pulls share.")
    int connections() default 8;
}
