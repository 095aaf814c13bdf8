/**
 * Checks the deployment files without Docker or a cluster: `npm run validate:deploy`.
 *
 * 1. docker-compose.yml against the Compose specification's JSON schema (the copy shipped in the npm
 *    package dclint, read offline), then the references: depends_on targets, a health check on every
 *    service (a one-shot that others wait for with service_completed_successfully may disable it),
 *    one service that builds the image the others use, every ${VARIABLE} documented in
 *    deploy/compose.env.example, every `dist/….js` entry point compiled from a source file.
 * 2. Every Kubernetes manifest under deploy/k8s against the Kubernetes 1.27 OpenAPI schemas shipped
 *    in kubernetes-models (its classes' `validate()`), file by file and again after rendering each
 *    kustomization (patches, generators, images, labels, replicas, namespace applied).
 * 3. Every kustomization.yaml: only the fields this renderer implements, `resources` and `patches`
 *    files exist, every overlay references deploy/k8s/base.
 * 4. The rendered output: probes and resources on every Deployment container, a PodDisruptionBudget
 *    and Service selectors that match pods, the HPA's target, Secret and ConfigMap references.
 *
 * Prints `file: /json/path: message` per problem and exits 1 if there is any; warnings do not fail.
 *   node -r ./tools/register.js tools/validate-deploy.ts [rootDir]
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, PersistentVolumeClaim, Secret, Service } from 'kubernetes-models/v1';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Problem {
  readonly file: string;
  readonly path: string;
  readonly message: string;
}

const root = resolve(process.argv[2] ?? join(__dirname, '..'));
const errors: Problem[] = [];
const warnings: Problem[] = [];
const rel = (file: string): string => relative(root, file) || '.';
const error = (file: string, path: string, message: string): void => void errors.push({ file: rel(file), path: path || '/', message });
const warn = (file: string, path: string, message: string): void => void warnings.push({ file: rel(file), path: path || '/', message });

/** Entry points that are referenced before their app exists (being written); a warning, not an error. */
const PENDING_ENTRY_POINTS = new Set<string>();

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readYaml(file: string): JsonObject[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'), { merge: true, uniqueKeys: true, prettyErrors: true });
  const out: JsonObject[] = [];
  for (const doc of docs) {
    for (const problem of doc.errors) error(file, `line ${problem.linePos?.[0].line ?? '?'}`, `YAML: ${problem.message.split('\n')[0]}`);
    if (doc.errors.length > 0) continue;
    const value = doc.toJS({ maxAliasCount: 100 }) as Json;
    if (value === null) continue;
    if (!isObject(value)) error(file, '/', 'a YAML document must be a mapping');
    else out.push(value);
  }
  return out;
}

function pointer(parts: readonly (string | number)[]): string {
  return parts.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function get(value: Json | undefined, ...path: (string | number)[]): Json | undefined {
  let current = value;
  for (const key of path) {
    if (Array.isArray(current) && typeof key === 'number') current = current[key];
    else if (isObject(current) && typeof key === 'string') current = current[key];
    else return undefined;
  }
  return current;
}

/** `dist/apps/api/src/main.js` → `apps/api/src/main.ts`, checked against the work tree. */
function checkEntryPoint(file: string, path: string, args: Json | undefined): void {
  const first = Array.isArray(args) ? args[0] : typeof args === 'string' ? args.split(/\s+/)[0] : undefined;
  if (typeof first !== 'string' || !first.startsWith('dist/')) return;
  const source = first.replace(/^dist\//, '').replace(/\.js$/, '.ts');
  if (existsSync(join(root, source))) return;
  if (PENDING_ENTRY_POINTS.has(source)) warn(file, path, `entry point ${first}: ${source} does not exist yet (being written)`);
  else error(file, path, `entry point ${first}: no source file ${source}`);
}

// ---------------------------------------------------------------- Compose ----------------------------

function composeSchema(): JsonObject {
  const file = join(dirname(require.resolve('dclint/package.json')), 'schemas', 'compose.schema.json');
  const schema = JSON.parse(readFileSync(file, 'utf8')) as JsonObject;
  delete schema['$schema']; // "https://json-schema.org/draft-07/schema": Ajv's draft-07 is the default
  return schema;
}

function validateCompose(file: string): void {
  if (!existsSync(file)) return error(file, '/', 'missing');
  const [compose] = readYaml(file);
  if (compose === undefined) return;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addFormat('duration', /^([0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp))?$/);
  const validate = ajv.compile(composeSchema());
  if (!validate(compose)) {
    for (const e of validate.errors ?? []) error(file, e.instancePath, `Compose schema: ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
  }

  const services = isObject(compose['services']) ? compose['services'] : {};
  const completedDeps = new Set<string>();
  let builder: string | undefined;
  for (const [name, service] of Object.entries(services)) {
    if (!isObject(service)) continue;
    const deps = service['depends_on'];
    const depNames = Array.isArray(deps) ? deps.filter((d): d is string => typeof d === 'string') : isObject(deps) ? Object.keys(deps) : [];
    for (const dep of depNames) {
      if (!(dep in services)) error(file, pointer(['services', name, 'depends_on', dep]), `depends on undefined service ${dep}`);
      if (get(deps, dep, 'condition') === 'service_completed_successfully') completedDeps.add(dep);
    }
    if (service['build'] !== undefined) builder = name;
    checkEntryPoint(file, pointer(['services', name, 'command']), service['command']);
  }
  for (const [name, service] of Object.entries(services)) {
    if (!isObject(service)) continue;
    const hc = service['healthcheck'];
    if (hc === undefined) error(file, pointer(['services', name]), 'no healthcheck');
    else if (get(hc, 'disable') === true && !completedDeps.has(name)) {
      error(file, pointer(['services', name, 'healthcheck']), 'health check disabled on a service nobody waits for with service_completed_successfully');
    }
    const image = service['image'];
    if (typeof image === 'string' && image.includes('RECTIFY_IMAGE') && service['build'] === undefined && builder === undefined) {
      error(file, pointer(['services', name, 'image']), 'uses the Rectify image but no service builds it');
    }
  }

  // Every interpolated variable is documented in the env example.
  const example = join(root, 'deploy', 'compose.env.example');
  const documented = existsSync(example)
    ? new Set([...readFileSync(example, 'utf8').matchAll(/^#?\s*([A-Z_][A-Z0-9_]*)=/gm)].map((m) => m[1]))
    : new Set<string>();
  if (!existsSync(example)) error(example, '/', 'missing: docker-compose.yml variables are documented there');
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(/(?<!\$)\$\{([A-Z_][A-Z0-9_]*)/g)) {
    if (!documented.has(match[1])) error(file, `/ (\${${match[1]}})`, `variable ${match[1]} is not documented in deploy/compose.env.example`);
  }
}

// ---------------------------------------------------------------- Kubernetes -------------------------

interface Validatable {
  validate(): void;
}

/** The kinds this deployment uses, each with its kubernetes-models class. Anything else is an error. */
const MODELS: Record<string, (doc: JsonObject) => Validatable | null> = {
  'v1/ConfigMap': (doc) => (ConfigMap.is(doc) ? new ConfigMap(doc) : null),
  'v1/Secret': (doc) => (Secret.is(doc) ? new Secret(doc) : null),
  'v1/Service': (doc) => (Service.is(doc) ? new Service(doc) : null),
  'v1/Namespace': (doc) => (Namespace.is(doc) ? new Namespace(doc) : null),
  'v1/PersistentVolumeClaim': (doc) => (PersistentVolumeClaim.is(doc) ? new PersistentVolumeClaim(doc) : null),
  'apps/v1/Deployment': (doc) => (Deployment.is(doc) ? new Deployment(doc) : null),
  'batch/v1/Job': (doc) => (Job.is(doc) ? new Job(doc) : null),
  'autoscaling/v2/HorizontalPodAutoscaler': (doc) => (HorizontalPodAutoscaler.is(doc) ? new HorizontalPodAutoscaler(doc) : null),
  'policy/v1/PodDisruptionBudget': (doc) => (PodDisruptionBudget.is(doc) ? new PodDisruptionBudget(doc) : null),
  'networking.k8s.io/v1/NetworkPolicy': (doc) => (NetworkPolicy.is(doc) ? new NetworkPolicy(doc) : null),
};

interface ValidationFailure {
  errors?: { instancePath?: string; message?: string; params?: unknown }[];
  message?: string;
}

function validateManifest(file: string, doc: JsonObject, label: string): void {
  const key = `${String(doc['apiVersion'])}/${String(doc['kind'])}`;
  const name = String(get(doc, 'metadata', 'name') ?? '?');
  const where = `${label}${key} ${name}`;
  const create = MODELS[key];
  if (create === undefined) return error(file, '/kind', `${where}: kind not known to this validator (add its kubernetes-models class)`);
  if (typeof get(doc, 'metadata', 'name') !== 'string') error(file, '/metadata/name', `${where}: metadata.name is required`);
  const model = create(doc);
  if (model === null) return error(file, '/', `${where}: not a ${key}`);
  try {
    model.validate();
  } catch (caught) {
    const failure = caught as ValidationFailure;
    const list = failure.errors ?? [];
    if (list.length === 0) error(file, '/', `${where}: ${failure.message ?? String(caught)}`);
    for (const e of list) error(file, e.instancePath ?? '/', `${where}: ${e.message ?? 'invalid'} ${e.params ? JSON.stringify(e.params) : ''}`.trim());
  }
}

const KUSTOMIZATION_FIELDS = new Set(['apiVersion', 'kind', 'namespace', 'resources', 'patches', 'images', 'labels', 'replicas', 'secretGenerator', 'configMapGenerator']);

interface Rendered {
  readonly docs: { doc: JsonObject; file: string }[];
}

function deepMerge(target: Json, patch: Json): Json {
  if (isObject(target) && isObject(patch)) {
    const out: JsonObject = { ...target };
    for (const [k, v] of Object.entries(patch)) out[k] = k in out ? deepMerge(out[k], v) : v;
    return out;
  }
  // Lists of named objects (containers, env, ports, volumes) merge by name, as a strategic merge does.
  if (Array.isArray(target) && Array.isArray(patch) && patch.every((p) => isObject(p) && typeof p['name'] === 'string')) {
    const out = [...target];
    for (const item of patch) {
      const index = out.findIndex((t) => isObject(t) && isObject(item) && t['name'] === item['name']);
      if (index >= 0) out[index] = deepMerge(out[index], item);
      else out.push(item);
    }
    return out;
  }
  return patch;
}

function addLabels(doc: JsonObject, pairs: JsonObject, templates: boolean): JsonObject {
  let out = deepMerge(doc, { metadata: { labels: pairs } }) as JsonObject;
  if (templates && isObject(get(out, 'spec', 'template'))) out = deepMerge(out, { spec: { template: { metadata: { labels: pairs } } } }) as JsonObject;
  return out;
}

function render(dir: string, seen: Set<string> = new Set()): Rendered {
  const file = join(dir, 'kustomization.yaml');
  if (seen.has(dir)) {
    error(file, '/resources', 'kustomization cycle');
    return { docs: [] };
  }
  seen.add(dir);
  const [k] = readYaml(file);
  if (k === undefined) return { docs: [] };
  for (const field of Object.keys(k)) if (!KUSTOMIZATION_FIELDS.has(field)) error(file, pointer([field]), `field ${field} is not implemented by this validator's renderer`);
  if (k['kind'] !== 'Kustomization') error(file, '/kind', 'must be Kustomization');

  let docs: { doc: JsonObject; file: string }[] = [];
  const resources = Array.isArray(k['resources']) ? k['resources'] : [];
  resources.forEach((entry, i) => {
    if (typeof entry !== 'string') return error(file, pointer(['resources', i]), 'must be a path');
    const target = resolve(dir, entry);
    if (!existsSync(target)) return error(file, pointer(['resources', i]), `${entry} does not exist`);
    if (statSync(target).isDirectory()) {
      if (!existsSync(join(target, 'kustomization.yaml'))) return error(file, pointer(['resources', i]), `${entry} has no kustomization.yaml`);
      docs.push(...render(target, seen).docs);
    } else {
      for (const doc of readYaml(target)) {
        validateManifest(target, doc, '');
        docs.push({ doc, file: target });
      }
    }
  });

  for (const [i, generator] of (Array.isArray(k['secretGenerator']) ? k['secretGenerator'] : []).entries()) {
    const kind = 'Secret';
    const literals = get(generator, 'literals');
    const data: JsonObject = {};
    if (Array.isArray(literals)) for (const l of literals) if (typeof l === 'string' && l.includes('=')) data[l.slice(0, l.indexOf('='))] = Buffer.from(l.slice(l.indexOf('=') + 1)).toString('base64');
    if (get(generator, 'envs') !== undefined || get(generator, 'files') !== undefined) error(file, pointer(['secretGenerator', i]), 'only literals are implemented by this renderer');
    docs.push({ doc: { apiVersion: 'v1', kind, metadata: { name: String(get(generator, 'name')) }, type: String(get(generator, 'type') ?? 'Opaque'), data }, file });
  }
  for (const [i, generator] of (Array.isArray(k['configMapGenerator']) ? k['configMapGenerator'] : []).entries()) {
    const literals = get(generator, 'literals');
    const data: JsonObject = {};
    if (Array.isArray(literals)) for (const l of literals) if (typeof l === 'string' && l.includes('=')) data[l.slice(0, l.indexOf('='))] = l.slice(l.indexOf('=') + 1);
    if (get(generator, 'envs') !== undefined || get(generator, 'files') !== undefined) error(file, pointer(['configMapGenerator', i]), 'only literals are implemented by this renderer');
    docs.push({ doc: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: String(get(generator, 'name')) }, data }, file });
  }

  const patches = Array.isArray(k['patches']) ? k['patches'] : [];
  patches.forEach((patch, i) => {
    const path = get(patch, 'path');
    if (typeof path !== 'string' || get(patch, 'patch') !== undefined || get(patch, 'target') !== undefined) {
      return error(file, pointer(['patches', i]), 'only `path:` strategic-merge patches are implemented by this renderer');
    }
    const target = resolve(dir, path);
    if (!existsSync(target)) return error(file, pointer(['patches', i, 'path']), `${path} does not exist`);
    for (const p of readYaml(target)) {
      const index = docs.findIndex(({ doc }) => doc['kind'] === p['kind'] && doc['apiVersion'] === p['apiVersion'] && get(doc, 'metadata', 'name') === get(p, 'metadata', 'name'));
      if (index < 0) error(target, '/metadata/name', `patch matches no resource (${String(p['kind'])} ${String(get(p, 'metadata', 'name'))})`);
      else docs[index] = { doc: deepMerge(docs[index].doc, p) as JsonObject, file: target };
    }
  });

  for (const [i, entry] of (Array.isArray(k['replicas']) ? k['replicas'] : []).entries()) {
    const index = docs.findIndex(({ doc }) => get(doc, 'metadata', 'name') === get(entry, 'name') && isObject(doc['spec']));
    if (index < 0) error(file, pointer(['replicas', i, 'name']), `no resource named ${String(get(entry, 'name'))}`);
    else docs[index] = { ...docs[index], doc: deepMerge(docs[index].doc, { spec: { replicas: get(entry, 'count') ?? null } }) as JsonObject };
  }
  for (const entry of Array.isArray(k['labels']) ? k['labels'] : []) {
    const pairs = get(entry, 'pairs');
    if (get(entry, 'includeSelectors') === true) error(file, '/labels', 'includeSelectors: true is not implemented (selectors are immutable anyway)');
    if (isObject(pairs)) docs = docs.map(({ doc, file: f }) => ({ doc: addLabels(doc, pairs, get(entry, 'includeTemplates') === true), file: f }));
  }
  for (const image of Array.isArray(k['images']) ? k['images'] : []) {
    const name = get(image, 'name');
    const ref = `${String(get(image, 'newName') ?? name)}${get(image, 'newTag') !== undefined ? `:${String(get(image, 'newTag'))}` : ''}`;
    docs = docs.map(({ doc, file: f }) => ({ doc: JSON.parse(JSON.stringify(doc).split(`"image":${JSON.stringify(name)}`).join(`"image":${JSON.stringify(ref)}`)) as JsonObject, file: f }));
  }
  const namespace = k['namespace'];
  if (typeof namespace === 'string') {
    docs = docs.map(({ doc, file: f }) => (doc['kind'] === 'Namespace' ? { doc, file: f } : { doc: deepMerge(doc, { metadata: { namespace } }) as JsonObject, file: f }));
  }
  return { docs };
}

function matches(selector: Json | undefined, labels: Json | undefined): boolean {
  return isObject(selector) && isObject(labels) && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);
}

function checkRendered(kustomization: string, docs: { doc: JsonObject; file: string }[], deployable: boolean): void {
  const label = `[${rel(kustomization)}] `;
  const byKind = (kind: string): { doc: JsonObject; file: string }[] => docs.filter(({ doc }) => doc['kind'] === kind);
  const names = (kind: string): Set<string> => new Set(byKind(kind).map(({ doc }) => String(get(doc, 'metadata', 'name'))));
  const secrets = new Map(byKind('Secret').map(({ doc }) => [String(get(doc, 'metadata', 'name')), doc]));
  const configMaps = names('ConfigMap');
  const podOwners = [...byKind('Deployment'), ...byKind('Job')];

  for (const { doc, file } of docs) validateManifest(file, doc, label);

  for (const { doc, file } of podOwners) {
    const name = String(get(doc, 'metadata', 'name'));
    const containers = get(doc, 'spec', 'template', 'spec', 'containers');
    for (const [i, c] of (Array.isArray(containers) ? containers : []).entries()) {
      const at = (...p: (string | number)[]): string => pointer(['spec', 'template', 'spec', 'containers', i, ...p]);
      for (const r of ['requests', 'limits']) for (const q of ['cpu', 'memory']) if (get(c, 'resources', r, q) === undefined) error(file, at('resources', r, q), `${label}${name}: missing`);
      if (doc['kind'] === 'Deployment') for (const probe of ['readinessProbe', 'livenessProbe']) if (get(c, probe) === undefined) error(file, at(probe), `${label}${name}: missing`);
      checkEntryPoint(file, at('args'), get(c, 'args'));
      const env = get(c, 'env');
      for (const [j, e] of (Array.isArray(env) ? env : []).entries()) {
        const ref = get(e, 'valueFrom', 'secretKeyRef');
        if (!isObject(ref)) continue;
        const secret = secrets.get(String(ref['name']));
        if (secret === undefined) {
          // The base leaves the Secret to its overlays; only a deployable render must contain it.
          if (deployable) error(file, at('env', j, 'valueFrom', 'secretKeyRef', 'name'), `${label}${name}: no Secret ${String(ref['name'])} in the render`);
        } else if (get(secret, 'data', String(ref['key'])) === undefined && get(secret, 'stringData', String(ref['key'])) === undefined) {
          error(file, at('env', j, 'valueFrom', 'secretKeyRef', 'key'), `${label}${name}: Secret ${String(ref['name'])} has no key ${String(ref['key'])}`);
        }
      }
      const envFrom = get(c, 'envFrom');
      for (const [j, e] of (Array.isArray(envFrom) ? envFrom : []).entries()) {
        const cm = get(e, 'configMapRef', 'name');
        if (typeof cm === 'string' && !configMaps.has(cm)) error(file, at('envFrom', j, 'configMapRef', 'name'), `${label}${name}: no ConfigMap ${cm} in the render`);
      }
    }
  }
  for (const { doc, file } of byKind('Deployment')) {
    const name = String(get(doc, 'metadata', 'name'));
    const labels = get(doc, 'spec', 'template', 'metadata', 'labels');
    if (!matches(get(doc, 'spec', 'selector', 'matchLabels'), labels)) error(file, '/spec/selector', `${label}${name}: selector does not match the pod template`);
    if (!byKind('PodDisruptionBudget').some(({ doc: pdb }) => matches(get(pdb, 'spec', 'selector', 'matchLabels'), labels))) {
      error(file, '/spec/template/metadata/labels', `${label}${name}: no PodDisruptionBudget selects its pods`);
    }
  }
  const deployments = names('Deployment');
  for (const { doc, file } of byKind('HorizontalPodAutoscaler')) {
    const target = get(doc, 'spec', 'scaleTargetRef', 'name');
    if (typeof target !== 'string' || !deployments.has(target)) error(file, '/spec/scaleTargetRef/name', `${label}no Deployment ${String(target)}`);
    const min = get(doc, 'spec', 'minReplicas');
    if (typeof min === 'number' && min < 2) error(file, '/spec/minReplicas', `${label}the api runs at least 2 replicas`);
  }
  for (const { doc, file } of byKind('Service')) {
    const selector = get(doc, 'spec', 'selector');
    if (!podOwners.some(({ doc: owner }) => matches(selector, get(owner, 'spec', 'template', 'metadata', 'labels')))) error(file, '/spec/selector', `${label}selects no pod template`);
  }
}

function kustomizationDirs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const here = existsSync(join(dir, 'kustomization.yaml')) ? [dir] : [];
  return [
    ...here,
    ...readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .flatMap((e) => kustomizationDirs(join(dir, e.name))),
  ];
}

function validateKubernetes(k8s: string): number {
  const base = join(k8s, 'base');
  if (!existsSync(join(base, 'kustomization.yaml'))) error(base, '/', 'deploy/k8s/base/kustomization.yaml is missing');
  const dirs = kustomizationDirs(k8s);
  for (const dir of dirs) {
    const { docs } = render(dir);
    if (rel(dir).includes('overlays')) {
      const [k] = readYaml(join(dir, 'kustomization.yaml'));
      const resources = Array.isArray(k?.['resources']) ? k['resources'] : [];
      if (!resources.some((r) => typeof r === 'string' && resolve(dir, r) === base)) error(join(dir, 'kustomization.yaml'), '/resources', 'overlay does not reference deploy/k8s/base');
    }
    checkRendered(join(dir, 'kustomization.yaml'), docs, rel(dir).includes('overlays'));
  }
  return dirs.length;
}

// ---------------------------------------------------------------- main -------------------------------

validateCompose(join(root, 'docker-compose.yml'));
const kustomizations = validateKubernetes(join(root, 'deploy', 'k8s'));
const seen = new Set<string>();
const unique = (list: Problem[]): Problem[] =>
  list.filter((p) => {
    const key = `${p.file} ${p.path} ${p.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
for (const w of unique(warnings)) process.stdout.write(`warning: ${w.file}: ${w.path}: ${w.message}\n`);
const found = unique(errors);
for (const e of found) process.stderr.write(`error: ${e.file}: ${e.path}: ${e.message}\n`);
process.stdout.write(`validate:deploy: docker-compose.yml and ${kustomizations} kustomizations under deploy/k8s: ${found.length} errors, ${warnings.length} warnings\n`);
process.exit(found.length > 0 ? 1 : 0);
