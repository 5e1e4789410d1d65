package org.salus.ui.stock.handlers;

import org.salus.core.access.Permissions;
import org.salus.ui.stock.StockPart;

/** Stock > Write off expired batch: opens the dialog on the stock part. */
public class WriteOffHandler extends StockHandler {

    @Override
    protected String permission() {
        return Permissions.STOCK_WRITE_OFF;
    }

    @Override
    protected void run(StockPart part) {
        part.openWriteOff();
    }
}
