package org.salus.ui.stock.handlers;

import org.salus.core.access.Permissions;
import org.salus.ui.stock.StockPart;

/** Stock > Dispense: opens the dialog on the stock part. */
public class DispenseHandler extends StockHandler {

    @Override
    protected String permission() {
        return Permissions.STOCK_DISPENSE;
    }

    @Override
    protected void run(StockPart part) {
        part.openDispense();
    }
}
