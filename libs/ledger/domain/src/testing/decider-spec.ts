import { assertJson } from '@rectify/shared-util';
import { DomainError, type LedgerErrorCode } from '../shared/domain-error';

/**
 * Given events → when command → then events or error, for the *.spec.ts files of this library.
 * `then` also checks that every event is plain JSON and that folding the new events is possible.
 */
export type Decider<C, E, S> = {
  decide: (command: C, state: S) => E[];
  evolve: (state: S, event: E) => S;
  initial: S;
};

export type WhenResult<E, S> = {
  then: (expected: E[]) => void;
  thenError: (code: LedgerErrorCode, details?: Record<string, unknown>) => DomainError;
  events: () => E[];
  state: () => S;
};

export function deciderSpec<C, E, S>(decider: Decider<C, E, S>) {
  const foldAll = (events: E[]): S => events.reduce(decider.evolve, decider.initial);
  return {
    given: (events: E[]) => ({
      when: (command: C): WhenResult<E, S> => {
        const before = foldAll(events);
        const run = (): E[] => decider.decide(command, before);
        return {
          then: (expected) => {
            const produced = run();
            produced.forEach((event) => assertJson(event));
            expect(produced).toEqual(expected);
            foldAll([...events, ...produced]);
          },
          thenError: (code, details) => {
            let caught: unknown = null;
            try {
              run();
            } catch (error) {
              caught = error;
            }
            expect(caught).toBeInstanceOf(DomainError);
            const domainError = caught as DomainError;
            expect(domainError.code).toBe(code);
            expect(domainError.message).toMatch(/[\u4e00-\u9fff]/);
            if (details) expect(domainError.details).toMatchObject(details);
            return domainError;
          },
          events: () => {
            const produced = run();
            produced.forEach((event) => assertJson(event));
            return produced;
          },
          state: () => foldAll([...events, ...run()]),
        };
      },
    }),
  };
}

export function errorOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}
