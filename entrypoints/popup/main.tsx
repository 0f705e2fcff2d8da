import { render } from 'preact';
import { Popup } from '@/components/popup/Popup';
import { realHistorySource } from '@/components/popup/real-source';
import { explainError, loadExplanations } from '@/lib/platform/explain';
import { getLocale, loadLocale } from '@/components/popup/i18n';
import '@/components/popup/popup.css';

document.documentElement.lang = getLocale() === 'pt_BR' ? 'pt-BR' : 'en';
// Opened from the page's "View in history": a tab laid out as a page, at one job.
const query = new URLSearchParams(location.search);
if (query.get('view') === 'page') document.documentElement.classList.add('page');
const focusJob = query.get('job') ?? undefined;
// Portuguese strings first (their own chunk, a local file): never a flash of English.
void Promise.all([loadLocale(), loadExplanations(getLocale())]).finally(() =>
  render(<Popup source={realHistorySource()} explain={explainError} focusJob={focusJob} />, document.getElementById('app')!),
);
