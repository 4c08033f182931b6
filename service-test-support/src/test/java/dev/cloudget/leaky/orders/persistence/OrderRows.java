package dev.cloudget.leaky.orders.persistence;

import dev.cloudget.leaky.billing.Billing;
import dev.cloudget.leaky.orders.web.OrderController;

/** Knows an adapter and closes a cycle with billing. */
public class OrderRows {
    OrderController controller;
    Billing billing;
}
