/** What the audit module builds for itself (plain library classes, built in factories). */
export const AUDIT_EVENT_POOL = Symbol('AUDIT_EVENT_POOL');
export const AUDIT_EVENT_STORE_SCHEMA = Symbol('AUDIT_EVENT_STORE_SCHEMA');
export const AUDIT_ANCHOR_PUBLIC_KEY = Symbol('AUDIT_ANCHOR_PUBLIC_KEY');
export const AUDIT_EXPORT_LIMIT = Symbol('AUDIT_EXPORT_LIMIT');
