package org.salus.ui.stock.handlers;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.salus.security.Session;
import org.salus.ui.app.session.PermissionTags;
import org.salus.ui.stock.StockPart;

/** Stock > Medicine list: brings the stock part and its medicine list to the front (from the keyboard: Alt+S, L). */
public class ShowStockHandler {

    @CanExecute
    public boolean canExecute(@Optional Session session, EPartService parts) {
        MPart part = parts.findPart(StockPart.ID);
        return session != null && part != null && PermissionTags.allows(session, part);
    }

    @Execute
    public void execute(@Optional Session session, EPartService parts) {
        MPart part = parts.findPart(StockPart.ID);
        if (part != null && session != null && PermissionTags.allows(session, part)) {
            parts.showPart(part, EPartService.PartState.ACTIVATE);
        }
    }
}
