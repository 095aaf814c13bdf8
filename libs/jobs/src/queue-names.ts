/**
 * Every BullMQ queue of the platform. Each name is a Redis Cluster hash tag (`{…}`), so all keys of
 * one queue land in one slot while different queues spread over the cluster. (BullMQ 5 refuses `:`
 * in a queue name, so the tag is the whole name; the configured prefix must not contain braces.)
 */
export enum QueueName {
  Escalation = '{rectify-escalation}',
  Reports = '{rectify-reports}',
}

/** Job names within the queues. */
export enum JobName {
  EscalationSweep = 'escalation-sweep',
  LedgerReport = 'ledger-report',
  WorkReport = 'work-report',
}

/** The id of the repeatable escalation sweep (one scheduler however many workers upsert it). */
export const ESCALATION_SCHEDULER_ID = 'escalation-sweep-daily';
