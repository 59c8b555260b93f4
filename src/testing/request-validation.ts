/**
 * Request bodies checked against the spec's own schemas (JSON Schema 2020-12, formats included), so
 * the emulator accepts exactly what the spec describes. Every validator the emulator can need is
 * compiled when the first emulator is created (`compileValidators`): ajv's compiler keeps its own
 * bookkeeping in plain objects and walks them with `for...in`, so code that pollutes Object.prototype
 * later would break a compilation, while compiled validators only read the (null-prototype) values
 * they are given.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { joinField, type Problem } from './error-bodies.js';
import { type OperationId, routes } from './routes.js';
import { chooseVariant, nodeAt, pointerOf, resolvePointer, specDocument } from './schema-variants.js';

// ajv-formats is CommonJS; under NodeNext its default import is the module object, whose `default`
// is the plugin. Accept either shape so this works however the module is loaded.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => Ajv2020;

const documentId = 'track-api';
/** Crockford base32, 26 characters; the first is at most 7 so the 128-bit value does not overflow. */
const ulid = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/i;

// `verbose` keeps each error's parentSchema, which leads a failed union back to its place in the spec.
const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, verbose: true });
addFormats(ajv);
ajv.addFormat('ulid', ulid);
ajv.addFormat('ULID', ulid);
// A format no standard defines is an annotation: accepting it beats refusing to compile the spec.
for (const format of formatsUsed(specDocument))
  if (!Object.hasOwn(ajv.formats, format)) ajv.addFormat(format, true);
ajv.addSchema(specDocument, documentId);

const validators = new Map<string, ValidateFunction>();

function validatorAt(pointer: string): ValidateFunction {
  let validate = validators.get(pointer);
  if (!validate) {
    validate = ajv.compile({ $ref: `${documentId}#${pointer}` });
    validators.set(pointer, validate);
  }
  return validate;
}

/** Where an operation's JSON request body schema sits in the spec, or undefined when it takes no body. */
export function requestBodyPointer(operationId: OperationId): string | undefined {
  const route = routes.find((candidate) => candidate.operationId === operationId);
  if (!route) return undefined;
  const template = route.template.replaceAll('~', '~0').replaceAll('/', '~1');
  const pointer = `/paths/${template}/${route.method.toLowerCase()}/requestBody/content/application~1json/schema`;
  return nodeAt(pointer) === undefined ? undefined : pointer;
}

/** A path or query parameter of an operation, as the spec describes it. */
interface ParameterSpec {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  /** Where its schema sits in the spec. */
  schemaPointer: string;
  /** Whether its schema takes integers, which arrive as text and are read as numbers. */
  integer: boolean;
}

const parameterSpecs = new Map<OperationId, ParameterSpec[]>();

/** The path and query parameters of an operation: the path item's, overridden by the operation's own. */
function parametersOf(operationId: OperationId): ParameterSpec[] {
  const known = parameterSpecs.get(operationId);
  if (known) return known;
  const route = routes.find((candidate) => candidate.operationId === operationId);
  const specs = new Map<string, ParameterSpec>();
  if (route) {
    const item = `/paths/${route.template.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    for (const list of [`${item}/parameters`, `${item}/${route.method.toLowerCase()}/parameters`]) {
      const entries = nodeAt(list);
      if (!Array.isArray(entries)) continue;
      entries.forEach((_, index) => {
        const pointer = resolvePointer(`${list}/${index}`);
        const parameter = nodeAt(pointer) as { name?: unknown; in?: unknown; required?: unknown };
        if (typeof parameter.name !== 'string' || (parameter.in !== 'path' && parameter.in !== 'query'))
          return;
        const schemaPointer = resolvePointer(`${pointer}/schema`);
        const schema = nodeAt(schemaPointer) as { type?: unknown } | undefined;
        specs.set(`${parameter.in}:${parameter.name}`, {
          name: parameter.name,
          in: parameter.in,
          required: parameter.required === true,
          schemaPointer,
          integer: schema?.type === 'integer',
        });
      });
    }
  }
  const found = [...specs.values()];
  parameterSpecs.set(operationId, found);
  return found;
}

/**
 * Every way the request's path and query parameters break their schemas. Parameters arrive as text:
 * one whose schema takes integers is read as a number when it is written as one.
 * @param params decoded path parameters
 * @param query decoded query parameters; names the operation does not describe are ignored
 */
export function parameterProblems(
  operationId: OperationId,
  params: Readonly<Record<string, string>>,
  query: Readonly<Record<string, string>>,
): Problem[] {
  const problems: Problem[] = [];
  for (const parameter of parametersOf(operationId)) {
    const source = parameter.in === 'path' ? params : query;
    if (!Object.hasOwn(source, parameter.name)) {
      if (parameter.required) {
        problems.push({
          reason: 'required',
          field: parameter.name,
          message: `${parameter.name} is required`,
        });
      }
      continue;
    }
    const text = source[parameter.name] as string;
    const value = parameter.integer && /^-?\d+$/.test(text) ? Number(text) : text;
    problems.push(...schemaProblems(parameter.schemaPointer, value, parameter.name));
  }
  return problems;
}

/**
 * Every way the value breaks the schema at `pointer`, as problems with dotted field paths.
 * @param at the field path of the value itself, prefixed to every problem's field
 * @param root how to name the value when a problem concerns it as a whole
 */
export function schemaProblems(pointer: string, value: unknown, at = '', root = 'body'): Problem[] {
  const validate = validatorAt(pointer);
  if (validate(value)) return [];
  const errors = [...(validate.errors ?? [])];
  const resolved = resolvePointer(pointer);
  if (!Array.isArray((nodeAt(resolved) as { oneOf?: unknown } | undefined)?.oneOf)) {
    return dedupe(toProblems(errors, at, root));
  }
  const choice = chooseVariant(resolved, value);
  if (choice.kind === 'branch') return schemaProblems(choice.pointer, value, at, root);
  if (choice.kind === 'bad_tag') {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return [{ reason: 'invalid', field: at, message: `${at || root} must be object` }];
    }
    const field = joinField(at, choice.property);
    const message = `${field} must be one of ${choice.allowed.join(', ')}`;
    return [{ reason: choice.present ? 'invalid' : 'required', field, message }];
  }
  // Nothing names the intended branch: answer with the one the value comes closest to.
  const scored = choice.branches.map((branch) => {
    const check = validatorAt(branch);
    return { branch, count: check(value) ? 0 : (check.errors?.length ?? 0) };
  });
  if (scored.filter((entry) => entry.count === 0).length > 1) {
    return [{ reason: 'invalid', field: at, message: `${at || root} matches more than one allowed shape` }];
  }
  const best = scored.reduce((a, b) => (b.count < a.count ? b : a));
  return schemaProblems(best.branch, value, at, root);
}

function toProblems(errors: readonly ErrorObject[], at: string, root: string): Problem[] {
  // A failed union reports every branch; keep the outermost one per place and explain it on its own.
  const unions = new Map<string, ErrorObject>();
  for (const error of errors) {
    if (error.keyword === 'oneOf' && error.params.passingSchemas == null)
      unions.set(error.instancePath, error);
  }
  const places = [...unions.keys()];
  const outermost = places.filter(
    (place) => !places.some((other) => other !== place && within(place, other)),
  );
  const problems: Problem[] = [];
  for (const error of errors) {
    if (outermost.some((place) => within(error.instancePath, place))) continue;
    // ajv reports a bad property name twice: once for the name's own rule, once as `propertyNames`.
    if (Object.hasOwn(error, 'propertyName')) continue;
    problems.push(fromError(error, at, root));
  }
  for (const place of outermost) {
    const union = unions.get(place) as ErrorObject;
    const pointer = pointerOf(union.parentSchema);
    const field = joinField(at, fieldOf(place));
    problems.push(
      ...(pointer
        ? schemaProblems(pointer, union.data, field, root)
        : [{ reason: 'invalid', field, message: `${field || root} matches none of the allowed shapes` }]),
    );
  }
  return problems;
}

function fromError(error: ErrorObject, at: string, root: string): Problem {
  const base = joinField(at, fieldOf(error.instancePath));
  const subject = base || root;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const field = joinField(base, String(params.missingProperty));
      return { reason: 'required', field, message: `${field} is required` };
    }
    case 'additionalProperties': {
      const field = joinField(base, String(params.additionalProperty));
      return { reason: 'not_allowed', field, message: `${field} is not allowed` };
    }
    case 'false schema':
      return { reason: 'not_allowed', field: base, message: `${subject} is not allowed` };
    case 'propertyNames': {
      const name = String(params.propertyName);
      return {
        reason: 'invalid',
        field: joinField(base, name),
        message: `${subject} has an invalid property name ${JSON.stringify(name)}`,
      };
    }
    case 'enum': {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues.map(String).join(', ') : '';
      return { reason: 'invalid', field: base, message: `${subject} must be one of ${allowed}` };
    }
    case 'const':
      return {
        reason: 'invalid',
        field: base,
        message: `${subject} must be ${JSON.stringify(params.allowedValue)}`,
      };
    case 'oneOf':
      return { reason: 'invalid', field: base, message: `${subject} matches more than one allowed shape` };
    default:
      return { reason: 'invalid', field: base, message: `${subject} ${error.message ?? 'is invalid'}` };
  }
}

/** `/cio_relationships/0/identifiers` -> `cio_relationships[0].identifiers`. */
function fieldOf(instancePath: string): string {
  let field = '';
  for (const raw of instancePath.split('/').slice(1)) {
    field = joinField(field, raw.replaceAll('~1', '/').replaceAll('~0', '~'));
  }
  return field;
}

function within(path: string, place: string): boolean {
  return path === place || path.startsWith(`${place}/`);
}

function dedupe(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.field}\u0000${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Every `format` value used anywhere in a document, to check that each one is known. */
export function formatsUsed(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) formatsUsed(item, found);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'format' && typeof child === 'string') found.add(child);
      else formatsUsed(child, found);
    }
  }
  return found;
}

/** Where the schema of one batch item sits: the `items` of the batch body's `batch` array. */
export function batchItemPointer(): string {
  return `${resolvePointer(requestBodyPointer('sendBatch') ?? '')}/properties/batch/items`;
}

let envelope: ValidateFunction | undefined;

function envelopeValidator(): ValidateFunction {
  if (!envelope) {
    const schema = nodeAt(resolvePointer(requestBodyPointer('sendBatch') ?? '')) as {
      properties: { batch: Record<string, unknown> };
    };
    envelope = ajv.compile({
      ...schema,
      properties: { ...schema.properties, batch: { ...schema.properties.batch, items: true } },
    });
  }
  return envelope;
}

/**
 * Problems of a batch body as a whole, its items aside: Customer.io rejects a bad envelope outright
 * but judges each item on its own.
 */
export function batchEnvelopeProblems(body: unknown): Problem[] {
  const validate = envelopeValidator();
  if (validate(body)) return [];
  return dedupe(toProblems(validate.errors ?? [], '', 'body'));
}

let compiled = false;

/**
 * Compiles every validator `schemaProblems`, `parameterProblems` and `batchEnvelopeProblems` can ask
 * for: each request body's and parameter's, each union's and each union branch's (unions are
 * explained branch by branch), and the batch envelope's. Once per process; later calls return at once.
 */
export function compileValidators(): void {
  if (compiled) return;
  for (const route of routes) {
    const pointer = requestBodyPointer(route.operationId);
    if (pointer !== undefined) validatorAt(pointer);
    for (const parameter of parametersOf(route.operationId)) validatorAt(parameter.schemaPointer);
  }
  validatorAt(batchItemPointer());
  envelopeValidator();
  for (const pointer of unionPointers(specDocument)) validatorAt(pointer);
  compiled = true;
}

/** The pointer of every schema with a `oneOf`, and of every branch and discriminator target it leads to. */
function unionPointers(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value !== 'object' || value === null) return found;
  const node = value as Record<string, unknown>;
  const pointer = pointerOf(node);
  if (Array.isArray(node.oneOf) && pointer !== undefined) {
    found.add(pointer);
    node.oneOf.forEach((_, index) => {
      found.add(resolvePointer(`${pointer}/oneOf/${index}`));
    });
    const mapping = (node.discriminator as { mapping?: Record<string, unknown> } | undefined)?.mapping;
    for (const target of Object.values(mapping ?? {})) {
      if (typeof target === 'string' && target.startsWith('#')) found.add(resolvePointer(target.slice(1)));
    }
  }
  for (const child of Object.values(node)) unionPointers(child, found);
  return found;
}
