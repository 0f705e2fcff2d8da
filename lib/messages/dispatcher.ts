/**
 * The background's single `runtime.onMessage` listener: checks the sender, validates
 * the command, runs its handler and answers through `sendResponse` (returning `true`
 * keeps the channel open in Chrome, Firefox and WXT's fake browser alike).
 */
import type { ErrorInfo } from '@/lib/model';
import type { OriginPolicy } from '@/lib/session/console-frames';
import { ERROR_KINDS } from '@/lib/store/schemas';
import { toErrorInfo } from './errors';
import {
  commandEnvelopeSchema,
  commands,
  eventEnvelopeSchema,
  type CommandRequest,
  type CommandResponse,
  type CommandType,
  type Reply,
  type SenderKind,
} from './protocol';
import { classifySender, type ExtensionIdentity, type SenderInfo } from './sender';

export interface HandlerContext {
  from: SenderKind;
  sender: SenderInfo;
  /** The console tab that asked, for replies and events addressed to it. */
  tabId?: number;
}

export type Handler<T extends CommandType> = (payload: CommandRequest<T>, context: HandlerContext) => CommandResponse<T> | Promise<CommandResponse<T>>;

export type Handlers = { [T in CommandType]?: Handler<T> };

export interface DispatcherOptions {
  /** This extension's id and origin; the background passes `browser.runtime.id` / `getURL('/')`. */
  self: ExtensionIdentity;
  policy?: OriginPolicy;
  /** Settles when `policy` is current (the granted console origins read): senders are classified after it. */
  ready?: Promise<unknown>;
}

export type MessageListener = (message: unknown, sender: SenderInfo, sendResponse: (reply: Reply) => void) => true | undefined;

const badRequest = (message: string): ErrorInfo => ({ kind: 'badRequest', message });

const KNOWN_KINDS: ReadonlySet<string> = new Set(ERROR_KINDS);

/** A thrown object may carry any `kind` or `status`: the reply keeps only what the protocol allows. */
function errorReply(error: unknown): Reply {
  const info = toErrorInfo(error);
  const kind = KNOWN_KINDS.has(info.kind) ? info.kind : 'unknown';
  const status = typeof info.status === 'number' ? info.status : undefined;
  return { ok: false, error: status === undefined ? { kind, message: info.message } : { kind, message: info.message, status } };
}

function isCommand(type: string): type is CommandType {
  return Object.hasOwn(commands, type);
}

/** Runs one message to completion; never throws. Exposed for tests and for a direct call. */
export async function dispatch(handlers: Handlers, message: unknown, sender: SenderInfo, options: DispatcherOptions): Promise<Reply> {
  await options.ready?.catch(() => undefined);
  const from = classifySender(sender, options.self, options.policy);
  if (!from) return { ok: false, error: { kind: 'refused', message: 'Sender not allowed' } };
  const envelope = commandEnvelopeSchema.safeParse(message);
  if (!envelope.success) return { ok: false, error: badRequest('Not a command') };
  const { type, payload } = envelope.data;
  if (!isCommand(type)) return { ok: false, error: badRequest(`Unknown command: ${type.slice(0, 60)}`) };
  const def = commands[type] as (typeof commands)[CommandType];
  const allowed: readonly SenderKind[] | undefined = 'from' in def ? def.from : undefined;
  if (allowed && !allowed.includes(from)) return { ok: false, error: { kind: 'refused', message: `${type} is not allowed from ${from}` } };
  const request = def.request.safeParse(payload ?? {});
  if (!request.success) {
    const where = request.error.issues[0]?.path.join('.') || 'payload';
    return { ok: false, error: badRequest(`Invalid ${type} request at ${where}`) };
  }
  const handler = handlers[type] as Handler<CommandType> | undefined;
  if (!handler) return { ok: false, error: { kind: 'unknown', message: `No handler for ${type}` } };
  try {
    const tabId = sender.tab?.id;
    const result = await handler(request.data as never, { from, sender, ...(tabId !== undefined && { tabId }) });
    // Parsing the answer also strips any field the schema does not name (a token, say).
    const response = def.response.safeParse(result);
    if (!response.success) return { ok: false, error: { kind: 'malformed', message: `Invalid ${type} response` } };
    return { ok: true, data: response.data };
  } catch (error) {
    return errorReply(error);
  }
}

/** The `runtime.onMessage` listener for the background. */
export function createDispatcher(handlers: Handlers, options: DispatcherOptions): MessageListener {
  return (message, sender, sendResponse) => {
    // Our own broadcasts also reach runtime listeners: they are not commands.
    if (eventEnvelopeSchema.safeParse(message).success) return undefined;
    void dispatch(handlers, message, sender, options).then(sendResponse, (error: unknown) => sendResponse(errorReply(error)));
    return true;
  };
}
