/**
 * What the web layer shares across features: the routes that policies (security, rate
 * limits, metrics) are stated for.
 */
package io.leaderboard.api.web;
