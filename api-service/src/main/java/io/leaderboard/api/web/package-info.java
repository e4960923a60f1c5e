/**
 * What the answers written ahead of Spring Security and Spring MVC share with the full
 * stack's: CORS, the security headers and the route named in metrics and traces.
 */
package io.leaderboard.api.web;
