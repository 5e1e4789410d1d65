package org.salus.hub.http.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Where the hub's HTTP endpoints listen. */
@ObjectClassDefinition(name = "Salus hub HTTP endpoints", description = "Health, Prometheus metrics and device sync status. "
        + "A change restarts the server.")
public @interface HttpConfig {

    String PID = "org.salus.hub.http";

    @AttributeDefinition(name = "Host", description = "The address to listen on. 0.0.0.0 (the default) lets new devices ask to join "
            + "(/enrol) and a monitoring server scrape /metrics; the pages name devices and clinics, never patients, and /admin answers "
            + "this machine only. 127.0.0.1 keeps every endpoint on this machine.")
    String host() default "0.0.0.0";

    @AttributeDefinition(name = "Port", description = "The HTTP port, 1 to 65535.")
    int port() default 8180;

    @AttributeDefinition(name = "Worker threads", description = "Requests answered at once.")
    int threads() default 2;
}
