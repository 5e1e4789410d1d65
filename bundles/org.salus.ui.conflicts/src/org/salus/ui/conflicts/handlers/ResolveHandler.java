package org.salus.ui.conflicts.handlers;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.salus.core.access.Permissions;
import org.salus.security.Session;
import org.salus.ui.conflicts.ConflictsPart;

/** Conflicts > Resolve selected conflict: shows the conflicts part and opens the resolution of its selected line. */
public class ResolveHandler {

    @CanExecute
    public boolean canExecute(@Optional Session session) {
        return session != null && (session.grants(Permissions.PATIENT_DEMOGRAPHICS) || session.grants(Permissions.MEDICINE_REGISTER));
    }

    @Execute
    public void execute(EPartService parts) {
        MPart part = parts.findPart(ConflictsPart.ID);
        if (part == null) {
            return;
        }
        parts.showPart(part, EPartService.PartState.ACTIVATE);
        if (part.getObject() instanceof ConflictsPart conflicts) {
            conflicts.openResolve();
        }
    }
}
