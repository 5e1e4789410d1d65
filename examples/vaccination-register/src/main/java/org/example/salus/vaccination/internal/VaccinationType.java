package org.example.salus.vaccination.internal;

import org.eclipse.emf.ecore.EClass;
import org.example.salus.vaccination.VaccinationRegister;
import org.osgi.service.component.annotations.Component;
import org.salus.core.access.Permissions;
import org.salus.core.plugin.PluginEntityType;

/** Registers the Vaccination entity type with Salus for as long as this bundle runs. */
@Component(service = PluginEntityType.class)
public class VaccinationType implements PluginEntityType {

    @Override
    public EClass entityClass() {
        return VaccinationModel.VACCINATION;
    }

    @Override
    public String recordPermission() {
        return VaccinationRegister.RECORD_PERMISSION;
    }

    @Override
    public String readPermission() {
        return Permissions.PATIENT_READ;
    }
}
