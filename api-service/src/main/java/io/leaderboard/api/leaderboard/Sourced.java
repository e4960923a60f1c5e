package io.leaderboard.api.leaderboard;

/** A read result and the source that answered it. */
record Sourced<T>(T value, Source source) {

}
