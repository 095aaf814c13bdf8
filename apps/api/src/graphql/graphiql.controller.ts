import { readFileSync } from 'node:fs';
import { Controller, Get, Header, Inject, NotFoundException, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Permission } from '../auth/permission';
import { RequirePermission } from '../auth/permission.decorator';
import { API_CONFIG, type ApiConfig } from '../config/api-config';

/**
 * The GraphQL IDE, served by the API itself from node_modules (government intranets reach no
 * CDN): GraphiQL 3's UMD build with React 18's UMD builds. Only these four files, by name.
 */
const ASSETS: Record<string, { module: string; type: string }> = {
  'react.production.min.js': { module: 'react/umd/react.production.min.js', type: 'application/javascript; charset=utf-8' },
  'react-dom.production.min.js': { module: 'react-dom/umd/react-dom.production.min.js', type: 'application/javascript; charset=utf-8' },
  'graphiql.min.js': { module: 'graphiql/graphiql.min.js', type: 'application/javascript; charset=utf-8' },
  'graphiql.min.css': { module: 'graphiql/graphiql.min.css', type: 'text/css; charset=utf-8' },
};

const INIT_SCRIPT = `(function () {
  var fetcher = GraphiQL.createFetcher({ url: new URL('/graphql', window.location.href).toString() });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultEditorToolsVisibility: true,
    shouldPersistHeaders: false,
    defaultHeaders: JSON.stringify({ Authorization: 'Bearer <先运行 login 取得 token>' }, null, 2),
    defaultQuery: 'mutation Login {\\n  login(input: { username: "", password: "" }) { token expiresAt viewer { displayName tenantPath roles } }\\n}\\n\\nquery Me {\\n  me { displayName tenantPath roles tenant { name level } }\\n}\\n'
  }));
})();`;

const PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8" />
  <title>Rectify GraphQL</title>
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
  <link rel="stylesheet" href="/graphiql/assets/graphiql.min.css" />
</head>
<body>
  <div id="graphiql">正在加载…</div>
  <script src="/graphiql/assets/react.production.min.js"></script>
  <script src="/graphiql/assets/react-dom.production.min.js"></script>
  <script src="/graphiql/assets/graphiql.min.js"></script>
  <script src="/graphiql/assets/init.js"></script>
</body>
</html>`;

@Controller('graphiql')
export class GraphiqlController {
  private readonly cache = new Map<string, Buffer>();

  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  @Get()
  @RequirePermission(Permission.Public)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'")
  page(): string {
    this.assertEnabled();
    return PAGE;
  }

  @Get('assets/:file')
  @RequirePermission(Permission.Public)
  asset(@Param('file') file: string, @Res({ passthrough: true }) reply: FastifyReply): Buffer | string {
    this.assertEnabled();
    reply.header('Cache-Control', 'public, max-age=86400');
    if (file === 'init.js') {
      reply.type('application/javascript; charset=utf-8');
      return INIT_SCRIPT;
    }
    const asset = Object.prototype.hasOwnProperty.call(ASSETS, file) ? ASSETS[file] : undefined;
    if (!asset) throw new NotFoundException();
    let body = this.cache.get(file);
    if (!body) {
      body = readFileSync(require.resolve(asset.module));
      this.cache.set(file, body);
    }
    reply.type(asset.type);
    return body;
  }

  private assertEnabled(): void {
    if (!this.config.graphql.ide) throw new NotFoundException();
  }
}
