package dev.cloudget.leaky.orders.web;

import dev.cloudget.leaky.orders.persistence.OrderRows;

/** Skips its feature's service and goes straight to persistence. */
public class OrderController {
    OrderRows rows;
}
