package org.salus.model.internal;

import org.eclipse.emf.ecore.EPackage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.salus.model.ModelPackages;

/**
 * Registers the Salus packages in EMF's global package registry while this bundle is active.
 * Felix has no extension registry to read plugin.xml, so without this, resources naming a Salus nsURI would not load.
 */
@Component(name = "org.salus.model.registration", immediate = true)
public class ModelPackageRegistration {

    @Activate
    void activate() {
        ModelPackages.register(EPackage.Registry.INSTANCE);
    }

    // Drops the entries on stop so the global registry does not pin this bundle's class loader after an update.
    @Deactivate
    void deactivate() {
        ModelPackages.unregister(EPackage.Registry.INSTANCE);
    }
}
