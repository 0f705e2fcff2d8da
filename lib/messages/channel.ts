/** Marks our envelopes among whatever else travels on runtime messaging. */
export const CHANNEL = 'bulk-export-now';
