/**
 * Checks of the deployment files (Dockerfiles, docker-compose.yml, the Kubernetes
 * overlays, Prometheus rules and the Grafana dashboard) with real parsers, against what
 * the services actually read and expose.
 */
package io.leaderboard.deploy;
