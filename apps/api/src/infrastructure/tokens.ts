/** Injection tokens for what the API gets from the libraries (plain classes, built in factories). */
export const EVENT_STORE = Symbol('EVENT_STORE');
export const IDENTITY_DATA_SOURCE = Symbol('IDENTITY_DATA_SOURCE');
export const READ_MODEL_DATA_SOURCE = Symbol('READ_MODEL_DATA_SOURCE');
export const CLOCK = Symbol('CLOCK');
export const LEDGER_PROJECTION_RUNNER = Symbol('LEDGER_PROJECTION_RUNNER');
