/**
 * The wire contract between the services: past-tense event records, topic names, Redis
 * key names and the one JSON codec. Deliberately free of Spring so every service (and any
 * future consumer) can depend on it.
 */
package io.leaderboard.events;
