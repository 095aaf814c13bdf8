import { Controller, HttpCode, HttpStatus, Inject, Post, Query, Req } from '@nestjs/common';
import { TokenService } from '@rectify/identity';
import { NotFoundError } from '@rectify/ledger-application';
import type { FastifyRequest } from 'fastify';
import { AccountStatusCheck } from '../../auth/account-status';
import { Permission } from '../../auth/permission';
import { RequirePermission } from '../../auth/permission.decorator';
import { authenticate, httpError, notFound } from '../http/http-auth';
import { ImportRejectedError, LedgerImportService, type ImportUploadResult } from './ledger-import.service';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * POST /imports/ledger?campaignId=…&villageCode=… with the .xlsx as the raw body
 * (`Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`, at most
 * IMPORT_MAX_BYTES), bearer token with `entry:record`. 202 with the import job (`repeated: true`
 * and a `message` when this tenant already imported, or is importing, the same file: nothing new
 * is started); 422
 * `IMPORT_ROWS_INVALID` with `errors: [{ sheet, row, column, reason }]` when any row is wrong
 * (nothing written); 404 NOT_FOUND for a campaign or village outside the scope.
 */
@Controller('imports')
export class LedgerImportController {
  constructor(
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(AccountStatusCheck) private readonly accountStatus: AccountStatusCheck,
    @Inject(LedgerImportService) private readonly imports: LedgerImportService,
  ) {}

  // public to the global guard (which admits no HTTP route otherwise); authenticated here
  @Post('ledger')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequirePermission(Permission.Public)
  async importLedger(@Query('campaignId') campaignId: string | undefined, @Query('villageCode') villageCode: string | undefined, @Req() request: FastifyRequest): Promise<ImportUploadResult> {
    const principal = await authenticate(this.tokens, this.accountStatus, request.headers.authorization, Permission.EntryRecord);
    if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
      throw httpError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'BAD_USER_INPUT', `请以 ${XLSX_CONTENT_TYPE} 上传 Excel 台账文件`);
    }
    if (!campaignId || !villageCode || !/^\d{12}$/.test(villageCode)) {
      throw httpError(HttpStatus.BAD_REQUEST, 'BAD_USER_INPUT', '请提供 campaignId 与 12 位村（社区）代码 villageCode');
    }
    try {
      return await this.imports.start(principal, { campaignId, villageCode, file: request.body });
    } catch (error) {
      if (error instanceof ImportRejectedError) {
        throw httpError(HttpStatus.UNPROCESSABLE_ENTITY, 'IMPORT_ROWS_INVALID', error.message, { errors: error.errors });
      }
      if (error instanceof NotFoundError) throw notFound();
      throw error;
    }
  }
}
