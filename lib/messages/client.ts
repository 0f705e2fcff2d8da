/** The typed way for the content script, popup and options to ask the background. */
import { browser } from 'wxt/browser';
import { CommandError, errorText } from './errors';
import { CHANNEL, commands, replySchema, type CommandRequest, type CommandResponse, type CommandType } from './protocol';

export type Transport = (message: unknown) => Promise<unknown>;

const runtimeTransport: Transport = (message) => browser.runtime.sendMessage(message);

/**
 * Sends one command and returns its validated answer; a failure answer, a malformed
 * one or no answer at all is thrown as a `CommandError` with a kind the UI can explain.
 */
export async function sendCommand<T extends CommandType>(
  type: T,
  payload: CommandRequest<T>,
  transport: Transport = runtimeTransport,
): Promise<CommandResponse<T>> {
  const def = commands[type];
  const request = def.request.safeParse(payload);
  if (!request.success) throw new CommandError({ kind: 'badRequest', message: `Invalid ${type} request` });
  let raw: unknown;
  try {
    raw = await transport({ channel: CHANNEL, kind: 'command', type, payload: request.data });
  } catch (error) {
    // The worker was restarting or the extension was reloaded under the page.
    throw new CommandError({ kind: 'network', message: errorText(error) });
  }
  const reply = replySchema.safeParse(raw);
  if (!reply.success) throw new CommandError({ kind: 'malformed', message: `No valid answer to ${type}` });
  if (!reply.data.ok) throw new CommandError(reply.data.error);
  const data = def.response.safeParse(reply.data.data);
  if (!data.success) throw new CommandError({ kind: 'malformed', message: `Invalid ${type} response` });
  return data.data as CommandResponse<T>;
}
