/**
 * Our CSS for the console page, only ever placed inside our own shadow roots so nothing
 * leaks into the console. Spectrum-like: neutral greys, blue accent #1473e6, 4 px radius,
 * 12/13 px. Not bundled into the content script (1.6 kB of its 20 kB budget): the
 * background sends it once at start (the `styles.get` command), with the page's strings,
 * before anything is shown; sheets.ts applies it.
 */
import type { PageCss } from './sheets';

const FONT = `font:12px/1.4 adobe-clean,"Source Sans Pro",-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif;`;

const PILL_CSS = `
.pill{display:inline-flex;align-items:center;gap:4px;padding:0 6px;border-radius:4px;border:1px solid;white-space:nowrap;line-height:18px;font-size:12px;max-width:24em;overflow:hidden;text-overflow:ellipsis}
.eligible::before{content:"\\2713 " / ""}
.wait::before{content:"\\25F7 " / ""}
.blocked::before{content:"\\2298 " / ""}
.running::before{content:"\\21BB " / ""}
.pill::before{font-size:11px}
.eligible{color:#117c59;background:#e6f6ef;border-color:#8fd1b4}
.wait{color:#8a5a00;background:#fff6e0;border-color:#f0c864}
.blocked{color:#4b4b4b;background:#f0f0f0;border-color:#b3b3b3}
.running{color:#0d5fc2;background:#e8f1fc;border-color:#8cb8f0}
`;

// The badge never shrinks or ellipsises: fit.ts picks a form that fits instead (full,
// icon alone, or a 12 px mark drawn out of flow in the cell's end padding).
const BADGE_CSS = `
:host{display:inline-flex;align-items:center;gap:4px;vertical-align:middle;margin-inline-start:6px;${FONT}color:#2c2c2c;outline:none;flex:none;position:relative;white-space:nowrap}
:host(:focus-visible) .pill{outline:2px solid #1473e6;outline-offset:1px}
input{margin:0;accent-color:#1473e6;width:14px;height:14px;flex:none}
${PILL_CSS}
.pill{box-sizing:border-box;max-width:none;overflow:visible}
.pill::before{margin-inline-end:3px}
:host([data-form]) .words{display:none}
:host([data-form]) .pill::before{margin:0}
:host([data-form="icon"]) .pill{width:20px;padding:0;justify-content:center}
:host([data-form="mini"]){width:0;margin:0;gap:0}
:host([data-form="mini"]) input{display:none}
:host([data-form="mini"]) .pill{position:absolute;inset-inline-start:2px;top:50%;transform:translateY(-50%);width:12px;height:12px;padding:0;border-radius:50%;justify-content:center;line-height:10px}
:host([data-form="mini"]) .pill::before{font-size:8px}
`;

const UI_CSS = `
:host{all:initial;${FONT}color:#2c2c2c}
*{box-sizing:border-box}
${PILL_CSS}
button{font:inherit;font-size:13px;border-radius:4px;border:1px solid #8e8e8e;background:#fff;color:#2c2c2c;padding:3px 12px;cursor:pointer;min-height:28px}
button:hover{background:#f4f4f4}
:focus-visible{outline:2px solid #1473e6;outline-offset:2px}
button.primary{background:#1473e6;border-color:#1473e6;color:#fff}
button.primary:hover,.launcher:hover{background:#0d66d0}
button:disabled{opacity:.5;cursor:default}
.link{border:none;background:none;color:#136fde;padding:0;min-height:0;text-decoration:underline}
.bar{display:flex;flex-wrap:wrap;align-items:center;gap:8px;padding:6px 8px;margin:4px 0 8px;border:1px solid #d3d3d3;border-radius:4px;background:#fafafa;font-size:13px}
.bar .title{font-weight:700}
.bar .end{margin-inline-start:auto}
.status{font-size:12px;color:#4b4b4b}
.overlay{position:fixed;inset:0;background:rgba(0,0,0,.35);display:flex;align-items:center;justify-content:center;z-index:2147483600}
.dialog{background:#fff;border-radius:4px;padding:16px 20px;min-width:320px;max-width:520px;max-height:80vh;overflow:auto;box-shadow:0 4px 16px rgba(0,0,0,.3)}
.dialog h2,.panel h2{font-size:16px;margin:0 0 8px}
.dialog ul{margin:2px 0 8px;padding-inline-start:20px}
.dialog .reason{margin:8px 0 0;font-weight:700}
.dialog li{overflow-wrap:anywhere;unicode-bidi:isolate}
.queue{display:flex;gap:8px;margin:12px 0 4px}
.queue small{display:block;color:#505050}
.actions{display:flex;justify-content:flex-end;gap:8px;margin-top:12px}
.launcher{position:fixed;right:16px;bottom:16px;z-index:2147483500;border-radius:16px;background:#1473e6;color:#fff;border-color:#1473e6;box-shadow:0 2px 6px rgba(0,0,0,.25)}
.panel{position:fixed;right:16px;bottom:56px;z-index:2147483500;width:380px;max-width:calc(100vw - 32px);max-height:70vh;overflow:auto;background:#fff;border:1px solid #d3d3d3;border-radius:4px;padding:12px;box-shadow:0 4px 16px rgba(0,0,0,.2)}
.panel header{display:flex;justify-content:space-between;align-items:center}
.list{list-style:none;margin:8px 0;padding:0}
.list li{display:flex;flex-wrap:wrap;align-items:center;gap:2px 6px;padding:4px 0;border-bottom:1px solid #eaeaea}
.list .reason{flex-basis:100%;font-size:11px;color:#6e6e6e}
.list .name{flex:1;min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;unicode-bidi:isolate}
.diag dl{display:grid;grid-template-columns:auto 1fr;gap:2px 8px;margin:6px 0}
.diag dt{color:#6e6e6e}
.diag dd{margin:0;overflow-wrap:anywhere}
.diag pre{white-space:pre-wrap;font-size:11px;background:#f4f4f4;padding:4px;border-radius:4px}
`;

// The tooltip (tooltip.ts): one element on <body>, above everything.
const TIP_CSS = `
:host{all:initial}
.tip{position:fixed;z-index:2147483600;max-width:28em;padding:6px 8px;border-radius:4px;background:#323232;color:#fff;${FONT}white-space:normal;box-shadow:0 1px 4px rgba(0,0,0,.25);pointer-events:none;unicode-bidi:plaintext;overflow-wrap:anywhere}
.tip p{margin:0}
.tip p+p{margin-top:4px}
`;

export const PAGE_CSS: PageCss = { badge: BADGE_CSS, ui: UI_CSS, tip: TIP_CSS };
