// Business time from a file (tests only): the class lives with the other clocks, the worker uses it too.
export { FileClock } from '@rectify/ledger-application';
