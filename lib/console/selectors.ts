/**
 * Everything this extension assumes about the console's markup, in one place.
 * Source: /docs console-contract (Experience Platform, Destinations pages, 2026 UI,
 * React Spectrum TableView). When the real console differs, change it here only.
 */

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** Destinations > Browse tab (list of dataflows). Hash route; a query string is allowed. */
export const ROUTE_BROWSE = /^#\/@([^/?#]+)\/sname:([^/?#]+)\/platform\/destination\/browse\/?(?:\?.*)?$/;
/** Destinations > one dataflow (detail). Hash route; more segments and a query are allowed. */
export const ROUTE_DATAFLOW = new RegExp(`^#\\/@([^/?#]+)\\/sname:([^/?#]+)\\/platform\\/destination\\/browse\\/(${UUID})(?:[/?].*)?$`);

/** Dataflow detail page, both versions: the selected tab (React Spectrum Tabs). */
export const SELECTED_TAB = '[role="tab"][aria-selected="true"]';
/** Dataflow detail page: tab labels, en and pt-BR (pt-BR is our assumption, see glossary). */
export const TAB_LABELS = {
  activation: ['Activation data', 'Dados de ativação'],
  runs: ['Dataflow runs', 'Execuções de fluxo de dados'],
} as const;

/** Any console table: React Spectrum TableView (`role=grid`) or a plain `<table>`. */
export const TABLE = '[role="grid"],table';
/** Column headers of either kind. */
export const COLUMN_HEADER = '[role="columnheader"],th';
/** What holds a table's header rows: React Spectrum's head rowgroup (console-contract.md), a plain table's thead. */
export const HEAD = '[role="rowgroup"],thead';
/** Body rows carry aria-rowindex (header rows are told apart by their column headers). */
export const ROW = '[role="row"][aria-rowindex]';
/** Cells of a row (React Spectrum: gridcell / rowheader; plain tables: td, th in the body). */
export const CELL = '[role="gridcell"],[role="rowheader"],td';
/** The cell React Spectrum marks as the row's name (a Column with isRowHeader, or the first data column). */
export const ROW_HEADER = '[role="rowheader"]';
export const LINK = 'a[href]';
/**
 * A selection control of the console's own (React Spectrum TableView with
 * selectionMode="multiple": a checkbox cell first in each row, "Select All" in its header;
 * our shadow-rooted checkboxes are invisible to querySelector).
 */
export const CHECKBOX = 'input[type="checkbox"],[role="checkbox"]';
/** "Select All": a checkbox in a column header (every pairing of the two lists above). */
export const HEADER_CHECKBOX = COLUMN_HEADER.split(',')
  .flatMap((header) => CHECKBOX.split(',').map((box) => `${header} ${box}`))
  .join();

/** Destinations > Browse list: any of these headers marks the table (en, pt-BR). */
export const BROWSE_HEADERS = ['Activation Data', 'Dados de ativação', 'Last Dataflow Run Status', 'Status da última execução do fluxo de dados'] as const;
/** Dataflow detail > Activation data tab: a start AND an end header (en, pt-BR). */
export const ACTIVATION_START_HEADERS = ['Start date', 'Data de início'] as const;
export const ACTIVATION_END_HEADERS = ['End date', 'Data de término'] as const;

/** Browse list row link: `/destination/browse/<flowId>` somewhere in the href. */
export const FLOW_LINK = new RegExp(`\\/destination\\/browse\\/(${UUID})(?![0-9a-fA-F-])`);
/** Activation data row link: the href ends in the audience UUID (e.g. /platform/segment/browse/<id>). */
export const AUDIENCE_LINK = new RegExp(`(${UUID})\\/?$`);

/** Marks every element we add, so we can find, skip and remove our own nodes. */
export const OUR_ATTR = 'data-bulk-export-now';

/**
 * Page content that is not part of a table's own container (any console page): climbing
 * from a table, the first ancestor whose other children hold one of these is the page,
 * not the table's wrapper. A loading/status sibling (role=progressbar, alert) does not stop it.
 */
export const PAGE_CONTENT =
  'h1,h2,h3,h4,h5,h6,[role="heading"],[role="tablist"],[role="toolbar"],[role="search"],nav,form,button,a[href],input,select,textarea,[role="grid"],table';
