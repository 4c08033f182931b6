package dev.cloudget.leaky.orders.messaging;

public class OrderListener {
}
