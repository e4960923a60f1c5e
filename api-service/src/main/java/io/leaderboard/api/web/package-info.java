/**
 * What the web layer shares across features: the routes that policies (security, rate
 * limits, metrics) are stated for, the envelope of cursors and the base of problem types.
 */
package io.leaderboard.api.web;
