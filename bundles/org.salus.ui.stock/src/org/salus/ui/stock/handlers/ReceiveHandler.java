package org.salus.ui.stock.handlers;

import org.salus.core.access.Permissions;
import org.salus.ui.stock.StockPart;

/** Stock > Receive stock: opens the dialog on the stock part. */
public class ReceiveHandler extends StockHandler {

    @Override
    protected String permission() {
        return Permissions.STOCK_RECEIVE;
    }

    @Override
    protected void run(StockPart part) {
        part.openReceive(null);
    }
}
