import type { CommandResult } from '@rectify/ledger-application';
import type { CommandPayload } from './object-types/command-payload.object-type';

export function toCommandPayload(result: CommandResult<unknown>, projected: boolean | null): CommandPayload {
  return {
    streamId: result.streamId,
    version: result.version,
    position: result.position,
    replayed: result.replayed,
    eventCount: result.eventCount,
    projected,
  };
}
