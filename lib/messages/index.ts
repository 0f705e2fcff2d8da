/**
 * The typed protocol between contexts. Safe for the content script (zod/mini only);
 * the background also imports `./core-handlers` directly.
 */
export * from './protocol';
export { sendCommand, onEvents } from './client';
export { sendEvent, type SendEventOptions } from './events';
export { createDispatcher, dispatch } from './dispatcher';
export type { DispatcherOptions, Handler, HandlerContext, Handlers, MessageListener } from './dispatcher';
export { classifySender, selfIdentity } from './sender';
export type { ExtensionIdentity, SenderInfo } from './sender';
export { CommandError, toErrorInfo } from './errors';
export { dataflowViewSchema, audienceViewSchema, verdictSchema } from './view-schemas';
