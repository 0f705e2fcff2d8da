/** The page adapter's public surface: the content script calls startConsoleUi with its ConsoleApi. */
export { startConsoleUi } from './ui';
export type { ConsoleApi, ConsoleUi, ConsoleUiOptions, StartExportResult, ViewResult, ViewRoute } from './api';
export { parseRoute, isBrowseList, isDataflowDetail, isDestinationsRoute, activeTab, type PageRoute } from './routes';
export { setConsoleLocale } from './i18n';
