import { render } from 'preact';
import { t } from '@/lib/i18n';

function Popup() {
  return <h1>{t('popup.title')}</h1>;
}

render(<Popup />, document.getElementById('app')!);
