import { render } from 'preact';
import { Popup } from '@/components/popup/Popup';
import { realHistorySource } from '@/components/popup/real-source';
import { explainError } from '@/lib/platform/explain';
import { getLocale } from '@/components/popup/i18n';
import '@/components/popup/popup.css';

document.documentElement.lang = getLocale() === 'pt_BR' ? 'pt-BR' : 'en';
render(<Popup source={realHistorySource()} explain={explainError} />, document.getElementById('app')!);
