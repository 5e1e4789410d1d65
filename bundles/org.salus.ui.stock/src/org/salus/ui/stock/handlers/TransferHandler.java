package org.salus.ui.stock.handlers;

import org.salus.core.access.Permissions;
import org.salus.ui.stock.StockPart;

/** Stock > Transfer batch: opens the dialog on the stock part. */
public class TransferHandler extends StockHandler {

    @Override
    protected String permission() {
        return Permissions.STOCK_TRANSFER;
    }

    @Override
    protected void run(StockPart part) {
        part.openTransfer();
    }
}
