package org.example.salus.vaccination.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.example.salus.vaccination.Vaccination;
import org.example.salus.vaccination.VaccinationRegister;
import org.example.salus.vaccination.VaccineCount;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.salus.core.command.Actor;
import org.salus.core.command.InvalidInputException;
import org.salus.core.plugin.PluginRecord;
import org.salus.core.plugin.PluginRecords;

/**
 * The register, on Salus' plugin records: Salus validates, checks the permission, records and syncs; this class only
 * maps between its own records and the entity's attributes. A configuration (pid {@value #PID}) may aim it at one
 * core ({@code records.target}); without one it uses the workstation's.
 */
@Component(configurationPid = VaccinationService.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class VaccinationService implements VaccinationRegister {

    public static final String PID = "org.example.salus.vaccination";

    private final PluginRecords records;

    @Activate
    public VaccinationService(@Reference(name = "records") PluginRecords records) {
        this.records = records;
    }

    @Override
    public Vaccination record(Actor actor, String patientId, String vaccineCode, String vaccineName, int doseNumber, String lot,
            Instant givenAt, String givenBy) {
        if (doseNumber < 1) {
            throw new InvalidInputException("doseNumber", "is the dose's place in the schedule, 1 or more, not " + doseNumber);
        }
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("patientId", patientId);
        a.put("vaccineCode", vaccineCode);
        a.put("vaccineName", vaccineName);
        a.put("doseNumber", doseNumber);
        a.put("lot", lot);
        a.put("givenAt", givenAt);
        a.put("givenBy", givenBy);
        return vaccination(records.create(actor, VaccinationModel.TYPE, a));
    }

    @Override
    public List<Vaccination> ofPatient(Actor actor, String patientId) {
        List<Vaccination> list = new ArrayList<>();
        for (PluginRecord r : records.ofPatient(actor, VaccinationModel.TYPE, patientId)) {
            list.add(vaccination(r));
        }
        // the core orders by recording time; a dose recorded late belongs where it was given
        list.sort(Comparator.comparing(Vaccination::givenAt).reversed().thenComparing(Vaccination::id));
        return list;
    }

    @Override
    public List<VaccineCount> report(Actor actor, Collection<String> patientIds) {
        Map<String, String> names = new TreeMap<>();
        Map<String, Integer> doses = new TreeMap<>();
        Map<String, Set<String>> patients = new TreeMap<>();
        for (String p : new HashSet<>(patientIds)) {
            for (PluginRecord r : records.ofPatient(actor, VaccinationModel.TYPE, p)) {
                Vaccination v = vaccination(r);
                names.put(v.vaccineCode(), v.vaccineName());
                doses.merge(v.vaccineCode(), 1, Integer::sum);
                patients.computeIfAbsent(v.vaccineCode(), k -> new HashSet<>()).add(p);
            }
        }
        List<VaccineCount> report = new ArrayList<>();
        for (String code : doses.keySet()) {
            report.add(new VaccineCount(code, names.get(code), doses.get(code), patients.get(code).size()));
        }
        return report;
    }

    private static Vaccination vaccination(PluginRecord r) {
        Object dose = r.get("doseNumber");
        Object givenAt = r.get("givenAt");
        return new Vaccination(r.id(), (String) r.get("patientId"), (String) r.get("vaccineCode"), (String) r.get("vaccineName"),
                dose instanceof Number n ? n.intValue() : 0, (String) r.get("lot"), givenAt == null ? null : Instant.parse(givenAt.toString()),
                (String) r.get("givenBy"));
    }
}
