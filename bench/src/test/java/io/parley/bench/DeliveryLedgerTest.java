package io.parley.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class DeliveryLedgerTest {

    @Test
    void countsMissingAcknowledgedMessagesPerSubscriberAndRepeatedOnes() {
        DeliveryLedger ledger = new DeliveryLedger(2);
        ledger.acknowledge(0);
        ledger.acknowledge(1);
        ledger.deliver(0, 0);
        ledger.deliver(0, 1);
        ledger.deliver(1, 1);
        assertFalse(ledger.deliver(1, 1));

        assertEquals(1, ledger.lost());
        assertEquals(1, ledger.duplicated());
        assertEquals(3, ledger.delivered());
        assertEquals(4, ledger.expected(2));
    }

    @Test
    void lossCanBeCountedOverSomeSubscribersOnly() {
        DeliveryLedger ledger = new DeliveryLedger(2);
        ledger.acknowledge(0);
        ledger.deliver(0, 0);

        assertEquals(0, ledger.lost(subscriber -> subscriber == 0));
        assertEquals(1, ledger.lost(subscriber -> subscriber == 1));
    }

    @Test
    void aMessageNeverAcknowledgedIsNotCountedLost() {
        DeliveryLedger ledger = new DeliveryLedger(1);
        ledger.deliver(0, 5);

        assertEquals(0, ledger.lost());
    }
}
