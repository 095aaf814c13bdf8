/** The small pg pool /health/ready queries through (its own, so a busy app pool cannot hide or fake an outage). */
export const HEALTH_POOL = Symbol('HEALTH_POOL');
/** The API's prom-client Registry. */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
