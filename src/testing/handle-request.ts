/**
 * The emulator's core, on Fetch API types only, so msw and the node:http server share every rule.
 * A request is logged and routed, draws its fault, then goes through: unknown path or method (404,
 * 405), credentials (401), the rate window (429), path and query parameters, size limits, JSON parsing
 * and validation (400, or 207 for batch items); then its commands are applied to the workspace.
 */
import type { Region } from '../client/hosts.js';
import { trackApiUrls } from '../client/hosts.js';
import { processBatch } from './batch.js';
import { type EmulatorCredentials, hasCredentials } from './credentials.js';
import { type ApiFamily, apiFamilyOf, errorBody, type Problem, requestProblem } from './error-bodies.js';
import { type DelayFault, type FaultPlan, type FaultSpec, isDelayFault, isResetFault } from './faults.js';
import { limits, sizeProblem, utf8Length } from './limits.js';
import { parseJsonWithoutPrototypes } from './null-prototype.js';
import { entityLimitProblems, v1LimitProblems } from './operation-limits.js';
import type { RateWindow } from './rate-window.js';
import { type EmulatedRequest, type RequestLog, receive } from './request-log.js';
import { parameterProblems, requestBodyPointer, schemaProblems } from './request-validation.js';
import { matchRoute, type Route, type RouteMatch } from './routes.js';
import { commandsFor, personFromPath } from './v1-commands.js';
import type { Workspace } from './workspace-model.js';

export interface HandlerState {
  workspace: Workspace;
  credentials: EmulatorCredentials;
  region: Region;
  /** Undefined when there is no rate limit. */
  rateWindow: RateWindow | undefined;
  faults: FaultPlan;
  /** Added to every answer, in milliseconds. */
  latencyMs: number;
  /** Milliseconds since the epoch. */
  now: () => number;
  log: RequestLog;
}

/** An answer before it becomes a Response; `reset` drops the connection instead. */
export type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | { reset: true };

/**
 * Answers one request.
 * @param basePath the path prefix of a custom base URL (`/cio` for `https://proxy.example/cio`), if any
 */
export type RequestHandler = (request: Request, basePath?: string) => Promise<Response>;

/** The workspace id the region endpoint reports. */
const environmentId = 1;

const statusTexts: Record<number, [reason: string, text: string]> = {
  500: ['internal_server_error', 'Internal Server Error'],
  502: ['bad_gateway', 'Bad Gateway'],
  503: ['service_unavailable', 'Service Unavailable'],
  504: ['gateway_timeout', 'Gateway Timeout'],
};

export function createRequestHandler(state: HandlerState): RequestHandler {
  return async function handleRequest(request, basePath = '') {
    const entry = await receive(request, state.now());
    state.log.add(entry);
    const relativePath = stripBase(entry.path, basePath);
    const family = apiFamilyOf(relativePath ?? entry.path);
    const match: RouteMatch =
      relativePath === undefined ? { kind: 'not_found' } : matchRoute(entry.method, relativePath);
    if (match.kind === 'found') {
      entry.operation = match.route.operationId;
      entry.params = decodeParams(match.rawParams);
    }
    const fault = state.faults.next(entry);
    entry.fault = fault;
    const { signal } = request;
    const processRequest = () => answerFor(state, entry, request.headers, match, family);

    let answer: Answer;
    if (fault && !fault.applied) {
      if (isDelayFault(fault)) {
        // Not processed at all if the client gives up while it waits.
        answer = (await sleep(fault.delayMs, signal)) ? processRequest() : { reset: true };
      } else answer = faultAnswer(fault, family, state.now());
    } else {
      answer = processRequest();
      if (fault && isDelayFault(fault)) await sleep(fault.delayMs, signal);
      else if (fault) answer = faultAnswer(fault, family, state.now());
    }
    await sleep(state.latencyMs, signal);
    return respond(entry, answer, signal);
  };
}

/** The answer to a request that drew no fault (or a fault that strikes after processing). Never throws. */
function answerFor(
  state: HandlerState,
  entry: EmulatedRequest,
  headers: Headers,
  match: RouteMatch,
  family: ApiFamily,
): Answer {
  try {
    if (match.kind === 'not_found') {
      return { status: 404, body: requestProblem(family, 'not_found', `no operation at ${entry.path}`) };
    }
    if (match.kind === 'method_not_allowed') {
      const message = `${entry.method} is not allowed here; use ${match.allowed.join(' or ')}`;
      const allow = match.allowed.join(', ');
      return { status: 405, body: requestProblem(family, 'method_not_allowed', message), headers: { allow } };
    }
    return processRoute(state, entry, headers, match.route, match.rawParams, family);
  } catch (error) {
    // A failure of the emulator itself; answered rather than thrown so the test sees it in the log.
    const message = `the emulator failed: ${error instanceof Error ? error.message : String(error)}`;
    return { status: 500, body: requestProblem(family, 'emulator_error', message) };
  }
}

function processRoute(
  state: HandlerState,
  entry: EmulatedRequest,
  headers: Headers,
  route: Route,
  rawParams: Record<string, string>,
  family: ApiFamily,
): Answer {
  if (route.authenticated && !hasCredentials(headers.get('authorization'), state.credentials)) {
    return { status: 401 };
  }
  if (state.rateWindow) {
    const decision = state.rateWindow.admit(state.now());
    if (!decision.accepted) {
      const body = requestProblem(family, 'rate_limited', 'too many requests; slow down');
      return { status: 429, body, headers: { 'retry-after': String(decision.retryAfterSeconds) } };
    }
  }
  const bad = (problems: readonly Problem[]): Answer => ({ status: 400, body: errorBody(family, problems) });

  const undecodable = Object.keys(rawParams).find((name) => !Object.hasOwn(entry.params, name));
  if (undecodable !== undefined) {
    const message = `${undecodable} is not a valid percent-encoded segment`;
    return bad([{ reason: 'invalid', field: undecodable, message }]);
  }
  const operationId = route.operationId;
  const badParameters = parameterProblems(operationId, entry.params, entry.query);
  if (badParameters.length > 0) return bad(badParameters);

  const bodyPointer = requestBodyPointer(operationId);
  let body: unknown;
  if (bodyPointer !== undefined) {
    const maxBytes =
      operationId === 'sendEntity'
        ? limits.entityBytes
        : operationId === 'sendBatch'
          ? limits.batchBytes
          : undefined;
    const tooLarge =
      maxBytes === undefined ? undefined : sizeProblem(utf8Length(entry.bodyText), maxBytes, 'request body');
    if (tooLarge) return bad([tooLarge]);
    try {
      body = parseJsonWithoutPrototypes(entry.bodyText);
    } catch {
      return bad([{ reason: 'invalid_json', field: '', message: 'request body is not valid JSON' }]);
    }
  }

  const receivedAt = Math.floor(entry.receivedAt / 1000);
  if (operationId === 'sendBatch') {
    const outcome = processBatch(body, (command) => state.workspace.apply(command, receivedAt));
    entry.applied = outcome.applied > 0;
    return outcome.answer;
  }

  const identifier = Object.hasOwn(entry.params, 'identifier') ? entry.params.identifier : undefined;
  const ref = identifier === undefined ? undefined : personFromPath(identifier);
  const pathId = ref && Object.hasOwn(ref, 'id') ? ref.id : undefined;
  const limitProblems =
    operationId === 'sendEntity' ? entityLimitProblems(body) : v1LimitProblems(operationId, body, pathId);
  if (limitProblems.length > 0) return bad(limitProblems);
  if (bodyPointer !== undefined) {
    const problems = schemaProblems(bodyPointer, body);
    if (problems.length > 0) return bad(problems);
  }

  const commands = commandsFor(operationId, body, entry.params, entry.query);
  for (const command of commands) state.workspace.apply(command, receivedAt);
  entry.applied = commands.length > 0;
  if (operationId === 'getRegion') {
    return {
      status: 200,
      body: { url: trackApiUrls[state.region], region: state.region, environment_id: environmentId },
    };
  }
  return { status: 200, body: {} };
}

function faultAnswer(fault: Exclude<FaultSpec, DelayFault>, family: ApiFamily, nowMs: number): Answer {
  if (isResetFault(fault)) return { reset: true };
  if (fault.status === 429) {
    const retryAfter =
      fault.retryAfter === 'date'
        ? new Date((Math.ceil(nowMs / 1000) + 1) * 1000).toUTCString()
        : String(fault.retryAfter);
    const body = requestProblem(family, 'rate_limited', 'too many requests; slow down');
    return { status: 429, body, headers: { 'retry-after': retryAfter } };
  }
  const [reason, text] = statusTexts[fault.status] ?? ['server_error', 'Server Error'];
  return { status: fault.status, body: requestProblem(family, reason, text) };
}

function respond(entry: EmulatedRequest, answer: Answer, signal: AbortSignal): Response {
  // Nobody is listening any more; an answer would only pretend the client saw it.
  if (Object.hasOwn(answer, 'reset') || signal.aborted) return Response.error();
  const { status } = answer as Exclude<Answer, { reset: true }>;
  // Absent fields are read as own ones only: Object.prototype may carry a `body` or `headers` of its own.
  const body = Object.hasOwn(answer, 'body') ? (answer as { body: unknown }).body : undefined;
  const headers = Object.hasOwn(answer, 'headers')
    ? (answer as { headers: Record<string, string> }).headers
    : {};
  entry.status = status;
  entry.response = body;
  if (body === undefined) return new Response(null, { status, headers });
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** Percent-decoded path parameters; one that does not decode is left out, and answered 400 later. */
function decodeParams(rawParams: Record<string, string>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, raw] of Object.entries(rawParams)) {
    try {
      params[name] = decodeURIComponent(raw);
    } catch {
      // Left out: processRoute names it once credentials have been checked.
    }
  }
  return params;
}

/** The path below the base path, or undefined when the path is not under it. */
function stripBase(path: string, basePath: string): string | undefined {
  if (basePath === '' || basePath === '/') return path;
  if (path !== basePath && !path.startsWith(`${basePath}/`)) return undefined;
  return path.slice(basePath.length) || '/';
}

/** Waits; resolves false as soon as the signal aborts (the client went away), true otherwise. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
