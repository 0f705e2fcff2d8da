/**
 * What the options page needs, as an interface the entrypoint wires to lib/settings,
 * the session store and lib/store (real-source.ts) and tests fake.
 */
import type { MessageKey } from './i18n';
import type { Settings } from '@/lib/settings';
import type { ManualCredentialsInput } from '@/lib/session/credentials';
import type { CommandResponse } from '@/lib/messages/protocol';

export type { Settings } from '@/lib/settings';
export type { ManualCredentialsInput } from '@/lib/session/credentials';

/** Why a save did not happen, as a catalog key with its parameters. */
export interface Refusal {
  reason: MessageKey;
  params?: Record<string, string | number>;
}

export type SaveResult = { ok: true; settings: Settings } | ({ ok: false } & Refusal);

/** What may be shown of stored manual credentials: never the token or the API key. */
export interface ManualCredentialsSummary {
  orgId: string;
  sandbox: string;
}

export interface OptionsSource {
  load(): Promise<Settings>;
  /**
   * Stores the settings. For a custom host the adapter first requests the optional
   * host permission (`permissions.request`), which must run in the click's user gesture:
   * the component calls this synchronously from the submit handler.
   */
  save(next: Settings): Promise<SaveResult>;
  manualCredentials(): Promise<ManualCredentialsSummary | null>;
  /** Into storage.session only. Refuses incomplete input. */
  saveManualCredentials(input: ManualCredentialsInput): Promise<{ ok: true } | ({ ok: false } & Refusal)>;
  clearManualCredentials(): Promise<void>;
  clearHistory(): Promise<void>;
  /** The background's diagnostics (never a token): the "For support" report. */
  diagnostics(): Promise<CommandResponse<'diagnostics.get'>>;
  /** Console frame origins seen but not readable, and those allowed (lib/frame-origins). */
  frames(): Promise<{ noticed: string[]; granted: string[] }>;
  /** Asks the browser for access (call it in the click), then tells the background; false when declined. */
  grantFrame(origin: string): Promise<boolean>;
  /** Withdraws our trust and the browser's permission. */
  revokeFrame(origin: string): Promise<void>;
}
