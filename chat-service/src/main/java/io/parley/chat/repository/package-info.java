/**
 * Hand-written SQL on the Vert.x reactive {@code Pool}, not Panache: the command path and every REST change write
 * their outbox rows in the same transaction as the change, batch many commands per transaction and lock the channel
 * row for its seq, and a Hibernate Reactive session beside the {@code Pool} would split such a transaction in two.
 * Every method takes the caller's connection, so it joins the caller's transaction.
 */
package io.parley.chat.repository;
