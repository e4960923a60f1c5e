/**
 * The OpenAPI description of the API and its Swagger UI: every endpoint, the bearer-token
 * scheme and the problem answers each can give.
 */
package io.leaderboard.api.docs;
