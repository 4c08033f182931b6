package dev.cloudget.leaky.billing;

import dev.cloudget.leaky.orders.messaging.OrderListener;
import dev.cloudget.leaky.orders.persistence.OrderRows;
import dev.cloudget.leaky.orders.web.OrderController;
import dev.cloudget.testsupport.ServiceArchitecture;
import dev.cloudget.wellshaped.orders.Orders;

import java.sql.Connection;

/** Reaches into every adapter of another feature and into another service, uses JDBC and cloudget code that is not shared. */
public class Billing {
    OrderRows rows;
    OrderController controller;
    OrderListener listener;
    Connection connection;
    Orders otherService;
    Class<?> notShared = ServiceArchitecture.class;
}
