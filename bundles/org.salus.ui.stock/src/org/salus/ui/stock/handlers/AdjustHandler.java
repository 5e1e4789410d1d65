package org.salus.ui.stock.handlers;

import org.salus.core.access.Permissions;
import org.salus.ui.stock.StockPart;

/** Stock > Adjust batch: opens the dialog on the stock part. */
public class AdjustHandler extends StockHandler {

    @Override
    protected String permission() {
        return Permissions.STOCK_ADJUST;
    }

    @Override
    protected void run(StockPart part) {
        part.openAdjust();
    }
}
