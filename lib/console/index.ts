/** The page adapter's public surface (the UI that uses it: components/page/console-ui.tsx). */
export type { ConsoleApi, ConsoleUi, ConsoleUiOptions, StartExportResult, ViewResult, ViewRoute } from './api';
export { parseRoute, isBrowseList, isDataflowDetail, isDestinationsRoute, activeTab, type PageRoute } from './routes';
export { setConsoleLocale } from './i18n';
