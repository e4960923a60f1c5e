/**
 * The live web page's server side: the board list and the page's settings. The page
 * itself is static ({@code resources/static}).
 */
package io.leaderboard.broadcaster.web;
