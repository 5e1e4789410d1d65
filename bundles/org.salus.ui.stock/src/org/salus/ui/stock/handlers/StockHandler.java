package org.salus.ui.stock.handlers;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.salus.security.Session;
import org.salus.ui.stock.StockPart;

/** A Stock menu command: shows the stock part and opens its dialog, when the session's roles allow it. */
abstract class StockHandler {

    /** The permission the command needs. */
    protected abstract String permission();

    /** Opens the dialog on the stock part. */
    protected abstract void run(StockPart part);

    @CanExecute
    public boolean canExecute(@Optional Session session) {
        return session != null && session.grants(permission());
    }

    @Execute
    public void execute(EPartService parts) {
        MPart part = parts.findPart(StockPart.ID);
        if (part == null) {
            return;
        }
        parts.showPart(part, EPartService.PartState.ACTIVATE);
        if (part.getObject() instanceof StockPart stock) {
            run(stock);
        }
    }
}
