package org.salus.store.postgres.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.salus.core.op.ChainHead;
import org.salus.core.op.OpEnvelope;
import org.salus.sync.hub.AppendResult;
import org.salus.sync.hub.HubLog;
import org.salus.sync.hub.HubPage;

/**
 * Offers the PostgreSQL hub log as the hub's {@link HubLog} once pid {@value PgHubLogConfig#PID} names its URL. A
 * database that cannot be reached fails activation with a line naming it and what failed.
 */
@Component(name = PgHubLogConfig.PID, configurationPid = PgHubLogConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = HubLog.class, property = "salus.hub.log.kind=postgres")
@Designate(ocd = PgHubLogConfig.class)
public class PgHubLogComponent implements HubLog {

    private final PgHubLog log;

    @Activate
    public PgHubLogComponent(PgHubLogConfig config) throws SQLException, IOException {
        PgHubLogSettings settings = PgHubLogSettings.of(config);
        try {
            log = PgHubLog.open(settings);
        } catch (SQLException | IOException | RuntimeException e) {
            System.err.println("Salus hub log cannot open " + settings.location() + ": " + e.getMessage() + ". Check url, user, password and"
                    + " schema in the configuration " + PgHubLogConfig.PID + ".");
            throw e;
        }
        System.out.println("Salus hub log open: " + settings.location() + " (schema version " + log.schemaVersion() + ")");
    }

    @Deactivate
    void deactivate() {
        log.close();
    }

    @Override
    public AppendResult append(String clinicId, String deviceId, List<OpEnvelope> ops) {
        return log.append(clinicId, deviceId, ops);
    }

    @Override
    public HubPage page(String clinicId, long afterServerSeq, int limit) {
        return log.page(clinicId, afterServerSeq, limit);
    }

    @Override
    public ChainHead deviceHead(String deviceId) {
        return log.deviceHead(deviceId);
    }
}
