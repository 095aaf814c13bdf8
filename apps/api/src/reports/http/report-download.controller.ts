import { Controller, Get, Inject, Logger, Param, Req, Res } from '@nestjs/common';
import { TokenService } from '@rectify/identity';
import { ReportFileStore } from '@rectify/jobs';
import { NotFoundError, ReportCommandService } from '@rectify/ledger-application';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccountStatusCheck } from '../../auth/account-status';
import { Permission } from '../../auth/permission';
import { RequirePermission } from '../../auth/permission.decorator';
import { authenticate, notFound } from './http-auth';

const CONTENT_TYPES: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html; charset=utf-8',
};

/**
 * GET /reports/:reportId/files/:fileId — a recorded report file, streamed from the report store,
 * for a caller who may see the report (bearer token, `ledger:read`, the report's scope or above).
 * Out of scope, unknown report, unknown file and a file missing on disk all answer the same 404
 * NOT_FOUND. The recorded checksum travels in `X-Checksum` (`X-Checksum-Algorithm`: sm3 / sha256).
 */
@Controller('reports')
export class ReportDownloadController {
  private readonly logger = new Logger('ReportDownload');

  constructor(
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(AccountStatusCheck) private readonly accountStatus: AccountStatusCheck,
    @Inject(ReportCommandService) private readonly reports: ReportCommandService,
    @Inject(ReportFileStore) private readonly files: ReportFileStore,
  ) {}

  // public to the global guard (which admits no HTTP route otherwise); authenticated here
  @Get(':reportId/files/:fileId')
  @RequirePermission(Permission.Public)
  async download(@Param('reportId') reportId: string, @Param('fileId') fileId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const principal = await authenticate(this.tokens, this.accountStatus, request.headers.authorization, Permission.LedgerRead);
    const report = await this.reports.load(reportId, principal).catch((error: unknown) => {
      if (error instanceof NotFoundError) throw notFound();
      throw error;
    });
    const file = report.state.files.find((f) => f.fileId === fileId);
    if (!file) throw notFound();
    let size: number | null;
    try {
      size = await this.files.sizeOf(reportId, fileId, file.format);
    } catch {
      throw notFound(); // an id that is not a safe file name
    }
    if (size === null) {
      this.logger.warn(`report ${reportId} file ${fileId} is recorded but not in the store`);
      throw notFound();
    }
    const name = `${reportId}-${file.fileVersion}.${file.format}`;
    await reply
      .header('Content-Type', CONTENT_TYPES[file.format] ?? 'application/octet-stream')
      .header('Content-Length', String(size))
      .header('Content-Disposition', `attachment; filename="${name}"`)
      .header('X-Checksum-Algorithm', file.checksum.algorithm)
      .header('X-Checksum', file.checksum.value)
      .header('Cache-Control', 'private, no-store')
      .send(this.files.open(reportId, fileId, file.format));
  }
}
