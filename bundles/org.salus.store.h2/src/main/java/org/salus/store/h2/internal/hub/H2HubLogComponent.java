package org.salus.store.h2.internal.hub;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.salus.core.op.ChainHead;
import org.salus.core.op.OpEnvelope;
import org.salus.store.h2.internal.FileKeyProvider;
import org.salus.sync.hub.AppendResult;
import org.salus.sync.hub.HubLog;
import org.salus.sync.hub.HubPage;

/**
 * Offers the H2 hub log as the hub's {@link HubLog}. It opens only once pid {@value HubLogConfig#PID} names its path:
 * the same bundle runs on workstations, where no hub log belongs. A log that cannot be opened fails activation with a
 * line naming the file and what to do, so the hub does not report ready.
 */
@Component(name = HubLogConfig.PID, configurationPid = HubLogConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = HubLog.class, property = "salus.hub.log.kind=h2")
@Designate(ocd = HubLogConfig.class)
public class H2HubLogComponent implements HubLog {

    private final H2HubLog log;

    @Activate
    public H2HubLogComponent(HubLogConfig config) throws HubLogOpenException {
        HubLogSettings settings = HubLogSettings.of(config);
        try {
            log = H2HubLog.open(settings, new FileKeyProvider(settings.keyFile()));
        } catch (HubLogOpenException e) {
            System.err.println(e.getMessage());
            throw e;
        }
        System.out.println("Salus hub log open: " + settings.dataFile() + " (H2, schema " + log.schemaVersion() + ", "
                + (settings.forceEachCommit() ? "SYNC" : "WRITE") + ")");
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
