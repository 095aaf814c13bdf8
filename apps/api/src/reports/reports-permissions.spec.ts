import 'reflect-metadata';
import { Permission } from '../auth/permission';
import { PERMISSION_KEY } from '../auth/permission.decorator';
import { EscalationApiModule } from '../escalation/escalation-api.module';
import { ReportsApiModule } from './reports-api.module';

const RESOLVER_TYPE = 'graphql:resolver_type';

/** The same walk as auth/resolver-permissions.spec.ts, over the reports and escalation modules (before they are wired). */
function handlers(): { name: string; kind: string; permission: unknown }[] {
  const found: { name: string; kind: string; permission: unknown }[] = [];
  for (const module of [ReportsApiModule, EscalationApiModule]) {
    for (const key of ['providers', 'controllers']) {
      const classes: unknown[] = Reflect.getMetadata(key, module) ?? [];
      for (const cls of classes) {
        if (typeof cls !== 'function') continue;
        const proto: object = cls.prototype;
        for (const method of Object.getOwnPropertyNames(proto)) {
          const fn: unknown = Object.getOwnPropertyDescriptor(proto, method)?.value;
          if (typeof fn !== 'function' || method === 'constructor') continue;
          const kind: unknown = Reflect.getMetadata(RESOLVER_TYPE, fn);
          const route: unknown = Reflect.getMetadata('path', fn);
          if (kind !== 'Query' && kind !== 'Mutation' && kind !== 'Subscription' && route === undefined) continue;
          found.push({ name: `${cls.name}.${method}`, kind: typeof kind === 'string' ? kind : 'http', permission: Reflect.getMetadata(PERMISSION_KEY, fn) });
        }
      }
    }
  }
  return found;
}

describe('reports and escalation modules: permissions', () => {
  const all = handlers();

  it('finds the GraphQL fields and the HTTP routes', () => {
    expect(all.map((h) => h.name)).toEqual(
      expect.arrayContaining([
        'LedgerReportCommandResolver.requestLedgerReport',
        'LedgerReportCommandResolver.submitReport',
        'LedgerReportCommandResolver.acceptReport',
        'LedgerReportCommandResolver.returnReport',
        'LedgerReportQueryResolver.reportJob',
        'LedgerReportQueryResolver.reportJobProgress',
        'LedgerReportQueryResolver.reports',
        'LedgerReportQueryResolver.reportsNotSubmitted',
        'ImportJobResolver.importJob',
        'EscalationResolver.entryLights',
        'EscalationResolver.escalationInbox',
        'ReportDownloadController.download',
        'LedgerImportController.importLedger',
      ]),
    );
  });

  it('every GraphQL handler declares a known, non-public permission', () => {
    const known: unknown[] = Object.values(Permission).filter((p) => p !== Permission.Public);
    expect(all.filter((h) => h.kind !== 'http' && !known.includes(h.permission)).map((h) => h.name)).toEqual([]);
  });

  it('HTTP routes are public to the global guard only because they authenticate the bearer token themselves', () => {
    expect(all.filter((h) => h.kind === 'http').map((h) => [h.name, h.permission])).toEqual([
      ['ReportDownloadController.download', Permission.Public],
      ['LedgerImportController.importLedger', Permission.Public],
    ]);
  });
});
