import { render } from 'preact';
import { t } from '@/lib/i18n';

function Options() {
  return <h1>{t('options.title')}</h1>;
}

render(<Options />, document.getElementById('app')!);
